"""A equipe no chat: convites, papéis, menus e os comandos de cada papel (R3–R5, R24)."""
