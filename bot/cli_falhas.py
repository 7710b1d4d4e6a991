"""As linhas de `inclusao saida` sobre o que não saiu, por código (achado 7 do issue 11):
um modelo que a Meta recusa (132001 nome errado, 132015 pausado…) aparece com o aviso do
que conferir; os outros códigos, com a contagem. Os códigos vêm de `armazenamento.
falhas_envio`; os títulos, do mapa do cliente do Graph."""

from __future__ import annotations

from armazenamento.falhas_envio import Motivo
from bot.config_modelos import ConfigFila
from bot.whatsapp.graph import MODELO_RECUSADO, TITULOS
from mensagens.catalogo import texto


def _titulo(codigo: str) -> str:
    return TITULOS.get(int(codigo), "") if codigo.isdigit() else ""


def _nome_do_modelo(chave: str, config: ConfigFila) -> str:
    """O nome na Meta do modelo do aviso `chave` (a linha guarda a chave: `envio.modelo`)."""
    modelo = config.modelos.get(chave)
    return modelo.nome if modelo is not None else chave


def linhas_de_falhas(falhas: list[tuple[Motivo, int]], config: ConfigFila) -> list[str]:
    """O título, uma linha por motivo e, antes de tudo, o alerta de cada modelo recusado."""
    if not falhas:
        return [texto("whatsapp_limite.falhas.nenhuma")]
    alertas: list[str] = []
    linhas = [texto("whatsapp_limite.falhas.titulo")]
    for motivo, n in falhas:
        titulo = _titulo(motivo.codigo)
        recusado = motivo.codigo.isdigit() and int(motivo.codigo) in MODELO_RECUSADO
        nome = _nome_do_modelo(motivo.modelo, config) if motivo.modelo else ""
        if recusado and nome:
            alerta = texto(
                "whatsapp_limite.falhas.modelo_recusado",
                modelo=nome,
                codigo=motivo.codigo,
                titulo=titulo,
                variavel=f"WHATSAPP_MODELO_{motivo.modelo.upper()}",
            )
            if alerta not in alertas:
                alertas.append(alerta)
        linhas.append(
            texto(
                "whatsapp_limite.falhas.linha",
                canal=motivo.canal,
                situacao=texto(f"whatsapp_limite.falhas.situacao.{motivo.situacao}"),
                codigo=f"{motivo.codigo} ({titulo})" if titulo else motivo.codigo,
                modelo=texto("whatsapp_limite.falhas.modelo", modelo=nome) if nome else "",
                n=n,
            )
        )
    return [*alertas, *linhas]
