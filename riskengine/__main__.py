"""``python -m riskengine`` runs the command line."""

from riskengine.cli import main

main(prog_name="riskengine")
