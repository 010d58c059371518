"""Fetching and importing literature: PubMed (Biopython Entrez), ClinicalTrials.gov, files."""

TOOL_NAME = "kratom-evidence-tracker"
