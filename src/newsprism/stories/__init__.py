"""Stories: what articles have in common across the corpus (canonical entities; events and
storylines come next)."""
