"""Falsos de serviços externos (Bot API do Telegram...), usados em testes e benchmarks."""
