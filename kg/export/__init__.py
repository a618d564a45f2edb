"""Exports of the knowledge graph: a networkx view, GraphML/GEXF files and an offline HTML page."""

__all__: list[str] = []
