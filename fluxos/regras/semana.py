"""Um horário da semana ("segunda às 8h", no horário de Bauru) para as tarefas semanais,
como o resumo do Acessuas (R19). Funções puras.

A semana de um resumo é o intervalo entre a ocorrência anterior e a atual do horário:
nada cai entre dois resumos, nada entra em dois.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from armazenamento.tempo import FUSO
from fluxos.regras.texto import normalizar

DIAS = ("seg", "ter", "qua", "qui", "sex", "sab", "dom")  # weekday(): segunda = 0
DESLIGADO = frozenset({"desligado", "nao", "nunca", "off"})


@dataclass(frozen=True, slots=True)
class HorarioSemanal:
    """`dia`: 0 = segunda … 6 = domingo; `hora`: 0–23, no horário de Bauru."""

    dia: int = 0
    hora: int = 8

    @property
    def dia_cron(self) -> str:
        """O dia como o APScheduler entende ("mon"…"sun")."""
        return ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[self.dia]


def ler_horario_semanal(valor: str, padrao: HorarioSemanal) -> HorarioSemanal | None:
    """ "seg 8", "segunda-feira 8h", "sex 17" → o horário; vazio → `padrao`;
    "desligado" → None (a tarefa não roda). ValueError com o jeito certo se não dá."""
    limpo = normalizar(valor).replace("feira", " ").strip()
    if not limpo:
        return padrao
    if limpo in DESLIGADO:
        return None
    partes = limpo.replace(",", " ").split()
    hora = partes[-1].removesuffix("h") if len(partes) == 2 else ""
    dia = next((i for i, d in enumerate(DIAS) if partes[0].startswith(d)), None)
    if dia is None or not hora.isdigit() or int(hora) > 23:
        raise ValueError(
            f"escreva o dia da semana e a hora, por exemplo 'seg 8' ou 'sexta 17' (veio {valor!r})"
        )
    return HorarioSemanal(dia, int(hora))


def ultima_ocorrencia(agora: datetime, horario: HorarioSemanal) -> datetime:
    """O último momento do horário (dia e hora de Bauru) que não é depois de `agora`."""
    local = agora.astimezone(FUSO)
    dia = local.date() - timedelta(days=(local.weekday() - horario.dia) % 7)
    momento = datetime(dia.year, dia.month, dia.day, horario.hora, tzinfo=FUSO)
    if momento > local:
        momento -= timedelta(days=7)
    return momento


def semana_ate(agora: datetime, horario: HorarioSemanal) -> tuple[datetime, datetime]:
    """A semana do último resumo: [ocorrência anterior, última ocorrência)."""
    fim = ultima_ocorrencia(agora, horario)
    return fim - timedelta(days=7), fim
