"""O turno (R10) e a opção de curso nas telas da convocação da OSC.

A OSC vê, de cada pessoa, o turno que ela escolheu e se o curso da turma foi a 1ª ou a
2ª opção dela. A 2ª opção NÃO vai para o fim da lista: a ordem é a do CRAS (R4, por
prioridade); a opção aparece para a OSC decidir o contato (ver `regras.ordem_r10`).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.convocacoes import TurmaDaConvocacao
from armazenamento.convocacoes_equipe import PessoaDaTurma
from armazenamento.convocacoes_lista import Candidato
from fluxos.convocacao.lista import na_lista
from mensagens.catalogo import texto
from mensagens.formatos import quantos

_OPCOES = {1: "equipe.convocacao.turno.opcao_1", 2: "equipe.convocacao.turno.opcao_2"}


def turno_falado(turno: str) -> str:
    return texto(f"turno.{turno}").lower()


def escolha(turno: str, opcao: int) -> str:
    """ "manhã, 1ª opção": o que a pessoa escolheu na pré-inscrição."""
    return texto(
        "equipe.convocacao.turno.escolha",
        turno=turno_falado(turno),
        opcao=texto(_OPCOES[2 if opcao == 2 else 1]),
    )


def linha(base: str, p: PessoaDaTurma) -> str:
    """A linha de "Ver situação" com o turno e a opção da pessoa."""
    return texto("equipe.convocacao.turno.linha", linha=base, escolha=escolha(p.turno, p.opcao))


def proxima(turma: TurmaDaConvocacao, c: Candidato) -> str:
    """ "Convocar 1 pessoa": quem é, o que escolheu e, se escolheu outro turno, por quê
    ela vem agora (R10)."""
    corpo = texto(
        "equipe.convocacao.turno.proxima",
        nome=c.nome,
        posicao=c.posicao,
        escolha=escolha(c.turno, c.opcao),
    )
    if c.turno and c.turno != turma.turno:
        aviso = texto(
            "equipe.convocacao.turno.outro_turno",
            turno=turno_falado(c.turno),
            turno_turma=turno_falado(turma.turno),
        )
        corpo = f"{corpo}\n{aviso}"
    return f"{corpo}\n{texto('equipe.convocacao.turno.convocar_agora')}"


def esperam(quantas: int) -> str:
    return texto("equipe.convocacao.turno.esperam", pessoas=quantos(quantas, "pessoa"))


def texto_so_esperam(esperando: int) -> str:
    return texto("equipe.convocacao.turno.so_esperam", pessoas=quantos(esperando, "pessoa"))


async def lista_vazia(conexao: AsyncConnection, turma: TurmaDaConvocacao) -> str:
    """Lista acabou de vez, ou só há quem espera a turma do próprio turno (R10)?"""
    _, esperando = await na_lista(conexao, turma)
    return texto_so_esperam(esperando) if esperando else texto("equipe.convocacao.lista_vazia")
