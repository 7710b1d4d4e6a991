"""O que o assistente diz e decide: fluxos de conversa e regras do programa (sem transporte)."""
