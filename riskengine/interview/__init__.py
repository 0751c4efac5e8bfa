"""The interview: asks a person, in plain words, for the facts the active rules need.

Questions come from the profile model (field descriptions, closed vocabularies, entity kinds and
references) and from what the rules ask of the profile as it stands, never from a questionnaire
of their own. `riskengine.interview.session.Interview` holds the state of one interview;
`riskengine.interview.run.conduct` puts its questions through a prompter (plain lines, or a
terminal UI); `riskengine.interview.emit.profile_yaml` writes the answers as a commented profile.
"""
