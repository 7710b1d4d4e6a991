"""Por que a OSC cancelou uma matrícula: uma lista fechada de códigos (nunca relato livre,
ARQUITETURA.md §8). O código vai no botão (curto: cabe nos 64 bytes do Telegram) e fica
guardado na matrícula; o rótulo vem do catálogo (`alcance.motivo.<código>`)."""

from __future__ import annotations

MOTIVOS = ("pediu_sair", "nao_veio", "mudou", "erro", "outro")


def eh_motivo(codigo: str) -> bool:
    return codigo in MOTIVOS
