"""Regras do programa e validações: funções puras, testadas com tabelas (códigos R de REGRAS.md)."""
