"""Botões da fila respondidos por escrito: qual convocação, lembrete ou mensagem de cuidado
(alerta de evasão) ainda está em aberto para quem escreve (R5, R16, R17).

Quem digita "confirmo" ou "não vou poder" em vez de tocar no botão responde à mensagem
mais recente ainda em aberto dela; o motor chama o mesmo comando do botão (mesma
conferência, mesma idempotência: tocar e depois digitar não aplica duas vezes).
"""

from __future__ import annotations

from armazenamento.alertas_pessoa import cuidado_sem_resposta
from armazenamento.pendencias import convocacao_aberta, lembrete_aberto
from fluxos.convocacao.textos import COMANDO_NAO, COMANDO_SIM
from fluxos.evasao.avisos import CONTINUAR, DESISTIR, PEDIR_AJUDA
from fluxos.lembretes import COMANDO_FALTA, COMANDO_VOU
from fluxos.passos import Contexto, Opcao, Pendencia
from fluxos.regras.escolha import NAO, SIM
from mensagens.botoes import da_fila
from mensagens.catalogo import apelidos, texto


def _opcao(valor: str, chave: str, papel: str) -> Opcao:
    """O botão da mensagem da fila, com os jeitos de dizer que as pessoas usam."""
    return Opcao(valor, texto(chave), papel, apelidos(chave))


# (a mensagem da fila em aberto, os seus botões: comando, rótulo, papel)
_DA_FILA = (
    (
        convocacao_aberta,
        ((COMANDO_SIM, "convocacao.botao_sim", SIM), (COMANDO_NAO, "convocacao.botao_nao", NAO)),
    ),
    (
        lembrete_aberto,
        ((COMANDO_VOU, "lembretes.botao_vou", SIM), (COMANDO_FALTA, "lembretes.botao_falta", NAO)),
    ),
    (  # a mensagem de cuidado do alerta de evasão (R17): "está tudo bem?" — "sim" continua
        # (só enquanto ela espera resposta: depois, "desisto"/"quero continuar" são palavras)
        cuidado_sem_resposta,
        (
            (CONTINUAR, "evasao.botao_continuar", SIM),
            (PEDIR_AJUDA, "evasao.botao_ajuda", NAO),
            (DESISTIR, "evasao.botao_desistir", ""),
        ),
    ),
)


async def pendencia_da_fila(ctx: Contexto) -> Pendencia | None:
    """A convocação pendente, o lembrete de aula ainda por acontecer ou o alerta de
    evasão em aberto (o mais recente)."""
    achadas: list[Pendencia] = []
    for em_aberto, botoes in _DA_FILA:
        aberta = await em_aberto(ctx.conexao, ctx.canal, ctx.chat_id, ctx.agora)
        if aberta is not None:
            ident, momento = aberta
            opcoes = tuple(_opcao(da_fila(c, ident), chave, papel) for c, chave, papel in botoes)
            achadas.append(Pendencia(opcoes, momento))
    return max(achadas, key=lambda p: p.momento, default=None)
