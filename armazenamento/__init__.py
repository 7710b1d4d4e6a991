"""Tabelas, motor de banco, sessões, consultas e migrações."""
