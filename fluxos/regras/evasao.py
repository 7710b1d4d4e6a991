"""Suspeita de evasão (R17): quando avisar a OSC e o CRAS que alguém está saindo.

O padrão normativo não define evasão; o sistema usa três motivos, configuráveis:

- `faltas_seguidas`: N faltas sem justificativa em seguida (padrão 3). Falta justificada
  ("Não vou poder") e encontro suspenso não contam nem quebram a sequência; presença quebra.
- `projecao`: 75% está prestes a ficar impossível (R16): a pessoa só pode faltar mais
  `margem` encontros (padrão 1), ou seja, o alerta sai no mais tardar no encontro antes do
  último que ainda mantém os 75% possíveis, enquanto ainda dá para ajudar. Só para quem já
  faltou e ainda tem um ponto sem volta pela frente.
- `disse_que_sai`: a pessoa disse pelo bot que vai desistir (não é calculado aqui).

Funções puras: quem chama lê as marcas do banco e grava o alerta (um aberto por matrícula).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from fluxos.regras.frequencia import MINIMO, EncontroDaPessoa, Marca, Situacao, projetar


class Motivo(StrEnum):
    FALTAS_SEGUIDAS = "faltas_seguidas"
    PROJECAO = "projecao"
    DISSE_QUE_SAI = "disse_que_sai"


@dataclass(frozen=True, slots=True)
class RegrasEvasao:
    """Os limites de R17 (configuráveis: `INCLUSAO_EVASAO_FALTAS_SEGUIDAS`,
    `INCLUSAO_EVASAO_MARGEM`)."""

    faltas_seguidas: int = 3
    margem: int = 1
    minimo: Fraction = MINIMO


def faltas_seguidas(encontros: Sequence[EncontroDaPessoa]) -> int:
    """R17: faltas sem justificativa no fim da sequência dos encontros realizados."""
    seguidas = 0
    for encontro in reversed(encontros):
        if encontro.situacao is not Situacao.REALIZADO or encontro.marca is Marca.JUSTIFICADA:
            continue
        if encontro.presente:
            break
        seguidas += 1
    return seguidas


def motivo_de_alerta(
    encontros: Sequence[EncontroDaPessoa], regras: RegrasEvasao = RegrasEvasao()
) -> Motivo | None:
    """R17: o motivo para abrir um alerta agora, ou None. A projeção vem primeiro: é a
    mais urgente (o que ainda se salva). Com 75% já impossível, a projeção não alerta
    mais (o alerta tinha de ter saído antes; as faltas seguidas ainda alertam)."""
    projecao = projetar(encontros, regras.minimo)
    # só alerta quem tem um ponto sem volta pela frente: quem pode faltar a todos os
    # encontros que sobram e ainda fechar com 75% não está em risco (fim do curso)
    # e só quem já faltou: num curso curto, a folga pequena de quem vem sempre é do curso
    faltou = any(e.situacao is Situacao.REALIZADO and not e.presente for e in encontros)
    folga = projecao.faltas_possiveis
    em_risco = projecao.ponto_sem_volta is not None and folga is not None
    if faltou and em_risco and folga is not None and folga <= regras.margem:
        return Motivo.PROJECAO
    if regras.faltas_seguidas > 0 and faltas_seguidas(encontros) >= regras.faltas_seguidas:
        return Motivo.FALTAS_SEGUIDAS
    return None


def motivo_novo(
    encontros: Sequence[EncontroDaPessoa], regras: RegrasEvasao = RegrasEvasao(), desde: int = 0
) -> Motivo | None:
    """R17 sem repetir alerta: depois de um "Falso alarme", `desde` é quantos encontros da
    pessoa já tinham passado quando a equipe decidiu; o que veio antes já foi visto.

    A projeção só reabre com uma falta nova sem justificativa depois disso (a situação
    mudou: a folga ficou menor); as faltas seguidas contam só as novas (N faltas seguidas
    depois do falso alarme). Um alerta aberto ou em acompanhamento nunca é repetido: isso
    fica no banco (um alerta aberto por matrícula)."""
    if desde <= 0:
        return motivo_de_alerta(encontros, regras)
    novas = encontros[desde:]
    falta_nova = any(
        e.situacao is Situacao.REALIZADO and e.marca is not Marca.JUSTIFICADA and not e.presente
        for e in novas
    )
    if falta_nova and motivo_de_alerta(encontros, regras) is Motivo.PROJECAO:
        return Motivo.PROJECAO
    if regras.faltas_seguidas > 0 and faltas_seguidas(novas) >= regras.faltas_seguidas:
        return Motivo.FALTAS_SEGUIDAS
    return None
