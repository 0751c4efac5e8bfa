"""Files that ``riskengine init`` writes."""
