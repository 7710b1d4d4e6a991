"""As bordas: canais, servidor HTTP, CLI, configuração e a raiz de composição."""
