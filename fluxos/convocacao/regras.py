"""As regras da convocação (R5) e da capacidade da turma (R7), como funções puras.

- Vagas para convocar = capacidade − matriculados − convocações pendentes: a OSC nunca
  chama mais gente do que cabe (quem confirma primeiro, dentro do prazo, fica com a vaga).
- Uma recusa, um prazo vencido ou uma matrícula cancelada liberam uma vaga cada: a próxima
  pessoa da lista é chamada (uma por vaga liberada, se a vaga não está coberta).
- A resposta à convocação depende do estado (tabela em `decidir`); só "pendente dentro
  do prazo" muda alguma coisa.
- O prazo acaba no fim do último dia (23h59 em Bauru), não na hora em que a OSC convocou:
  a pessoa ouve "até quinta-feira, 4 de março", como se combina um prazo.
- O lembrete vai uma vez, quando falta `lembrar_antes` para o prazo, e só se a convocação
  nasceu antes dessa hora (quem foi chamado com prazo curto não recebe lembrete na hora).
- R10 (turno): a turma chama primeiro quem escolheu o turno dela; ver `ordem_r10`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import IntEnum, StrEnum

from armazenamento.convocacoes import CANCELADA, CONFIRMADA, EXPIRADA, PENDENTE, RECUSADA
from armazenamento.tempo import FUSO

FIM_DO_DIA = time(23, 59, 59)
HORARIO_DE_AVISAR = (8, 20)  # avisos que a tarefa manda sozinha: das 8h às 20h de Bauru


class Decisao(StrEnum):
    """O que fazer com um "Confirmo" ou "Não posso"."""

    CONFIRMAR = "confirmar"  # matricula
    RECUSAR = "recusar"  # a vaga vai para a próxima pessoa
    LOTADA = "lotada"  # confirmou, mas as vagas acabaram: a convocação é encerrada
    SEM_DATA = "sem_data"  # a turma está sem encontro por vir: nada muda
    PRAZO_ACABOU = "prazo_acabou"  # nada muda (a tarefa agendada expira e chama o próximo)
    JA_CONFIRMADA = "ja_confirmada"
    JA_RECUSADA = "ja_recusada"
    MATRICULA_CANCELADA = "matricula_cancelada"  # confirmou e a OSC cancelou depois
    ENCERRADA = "encerrada"  # cancelada antes (turma lotada)

    @property
    def muda(self) -> bool:
        return self in (Decisao.CONFIRMAR, Decisao.RECUSAR, Decisao.LOTADA)


def vagas_para_convocar(capacidade: int, matriculados: int, pendentes: int) -> int:
    """R5/R7: vagas sem ninguém matriculado nem aguardando resposta."""
    return max(0, capacidade - matriculados - pendentes)


def reposicoes(liberadas: int, capacidade: int, matriculados: int, pendentes: int) -> int:
    """R5: quantas pessoas chamar depois de `liberadas` vagas liberadas (recusa, prazo,
    matrícula cancelada): uma por vaga liberada, nunca além das vagas descobertas."""
    return min(max(liberadas, 0), vagas_para_convocar(capacidade, matriculados, pendentes))


def fim_do_prazo(agora: datetime, dias: timedelta) -> datetime:
    """R5: o prazo de `dias` termina às 23h59 (de Bauru) do último dia, em UTC."""
    ultimo_dia = (agora + dias).astimezone(FUSO).date()
    return datetime.combine(ultimo_dia, FIM_DO_DIA, tzinfo=FUSO).astimezone(UTC)


def hora_de_avisar(agora: datetime) -> bool:
    """R5: o prazo acaba à meia-noite, mas o "seu prazo acabou" e a chamada da próxima
    pessoa esperam a manhã (ninguém recebe convocação de madrugada)."""
    comeco, fim = HORARIO_DE_AVISAR
    return comeco <= agora.astimezone(FUSO).hour < fim


def vencida(prazo: datetime, agora: datetime) -> bool:
    return prazo <= agora


def decidir(
    situacao: str,
    prazo: datetime,
    agora: datetime,
    quer: bool,
    *,
    tem_vaga: bool,
    tem_data: bool,
    matricula_ativa: bool,
) -> Decisao:
    """R5: a resposta da pessoa (`quer`: "Confirmo") diante do estado da convocação."""
    if situacao == CONFIRMADA:
        return Decisao.JA_CONFIRMADA if matricula_ativa else Decisao.MATRICULA_CANCELADA
    if situacao == RECUSADA:
        return Decisao.JA_RECUSADA
    if situacao == CANCELADA:
        return Decisao.ENCERRADA
    if situacao == EXPIRADA or situacao != PENDENTE or vencida(prazo, agora):
        return Decisao.PRAZO_ACABOU
    if not quer:
        return Decisao.RECUSAR
    if not tem_data:
        return Decisao.SEM_DATA
    return Decisao.CONFIRMAR if tem_vaga else Decisao.LOTADA


def deve_lembrar(
    prazo: datetime, criada_em: datetime, agora: datetime, antes: timedelta, lembrada: bool
) -> bool:
    """R5: lembrete uma vez, a partir de `antes` do prazo e antes de ele vencer; não para
    quem foi convocado já dentro dessa janela."""
    inicio = prazo - antes
    return not lembrada and inicio <= agora < prazo and criada_em < inicio


class GrupoR10(IntEnum):
    """Em que grupo da lista de uma turma a pessoa está (R10); a turma chama na ordem."""

    MESMO_TURNO = 0  # escolheu o turno da turma
    OUTRO_TURNO = 1  # escolheu outro turno, que não tem mais vaga para ela


@dataclass(frozen=True, slots=True)
class OrdemR10:
    """A ordem da lista para uma turma: `turno` primeiro; quem escolheu um turno de
    `esperam` não é chamado agora (espera a turma do turno que escolheu)."""

    turno: str
    esperam: frozenset[str]

    def grupo(self, turno_escolhido: str) -> GrupoR10 | None:
        if turno_escolhido == self.turno:
            return GrupoR10.MESMO_TURNO
        if turno_escolhido in self.esperam:
            return None
        return GrupoR10.OUTRO_TURNO


def ordem_r10(turno_da_turma: str, vagas_por_turno: Mapping[str, int]) -> OrdemR10:
    """R10: o turno é preferência da pessoa; a turma chama primeiro quem escolheu o turno
    dela e só depois, quando essa lista se esgota, quem escolheu outro turno.

    Interpretação escolhida: quem escolheu o turno S só é chamado para uma turma de outro
    turno quando a lista de S se esgotou PARA ELA, isto é, quando nenhuma turma do curso
    no turno S (no ciclo) tem vaga a convocar (`vagas_por_turno[S]` = capacidade −
    matriculados − aguardando, somada nas turmas do curso nesse turno; sem turma no turno,
    0). Assim a turma da tarde não leva a pessoa da manhã enquanto a turma da manhã ainda
    pode chamá-la; e quem escolheu um turno que o curso não tem (ou que já lotou) entra
    no fim da lista de qualquer turma do curso. Dentro de cada grupo vale a posição da
    lista do CRAS (R4), com 1ª e 2ª opção de curso juntas.
    """
    esperam = frozenset(
        t for t, vagas in vagas_por_turno.items() if t != turno_da_turma and vagas > 0
    )
    return OrdemR10(turno_da_turma, esperam)


def chamar_r10(ordem: OrdemR10, lista: Iterable[tuple[int, str]]) -> list[int]:
    """R10 sobre uma lista (posição no CRAS, turno escolhido): as posições na ordem em que
    a turma chama; quem espera a turma do próprio turno fica de fora."""
    com_grupo = [(ordem.grupo(turno), posicao) for posicao, turno in lista]
    return [posicao for grupo, posicao in sorted(g for g in com_grupo if g[0] is not None)]
