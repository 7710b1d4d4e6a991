"""Vocabulário das mensagens: tipos de entrada e saída, catálogo de textos e formatos."""
