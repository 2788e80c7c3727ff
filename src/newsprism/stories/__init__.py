"""Stories: what articles have in common across the corpus (canonical entities; events and
storylines).

The package itself exports nothing: each part is imported from its module (`stories.build`,
`stories.clustering`, `stories.entities`, ...), so a step that needs one part loads no other."""

__all__: list[str] = []
