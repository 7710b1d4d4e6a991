"""Um cadastro pequeno do programa para os testes de conversa (3 CRAS, 3 cursos)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import unidade_de_trabalho
from armazenamento.modelos import Bairro, Ciclo, Cras, Curso, Encontro, Osc, Turma
from armazenamento.tempo import FUSO

BAIRROS = {
    "CRAS Jardim Europa": ["Jardim Europa", "Vila Falcão", "Jardim Bela Vista"],
    "CRAS Nova Esperança": ["Nova Esperança", "Parque Jaraguá"],
    "CRAS Distrito de Tibiriçá": ["Distrito de Tibiriçá"],
}
CURSOS = ["Confeitaria", "Corte e costura", "Informática básica"]


def _chave(nome: str) -> str:
    from armazenamento.normalizacao import normalizar

    return normalizar(nome)


async def semear_programa(
    sessoes: async_sessionmaker[AsyncSession], hoje: date, aberto: bool = True
) -> None:
    """Ciclo do ano de `hoje`; período aberto (ou a abrir daqui a 10 dias)."""
    inicio = hoje - timedelta(days=3) if aberto else hoje + timedelta(days=10)
    async with unidade_de_trabalho(sessoes) as s:
        ciclo = Ciclo(
            ano=hoje.year, preinscricao_inicio=inicio, preinscricao_fim=inicio + timedelta(days=30)
        )
        osc = Osc(nome="Instituto Esperança")
        s.add_all([ciclo, osc])
        await s.flush()
        for nome_cras, bairros in BAIRROS.items():
            cras = Cras(nome=nome_cras)
            s.add(cras)
            await s.flush()
            s.add_all(Bairro(nome=b, chave=_chave(b), cras_id=cras.id or 0) for b in bairros)
        for i, nome in enumerate(CURSOS):
            curso = Curso(nome=nome, osc_id=osc.id or 0, o_que_levar="documento com foto")
            s.add(curso)
            await s.flush()
            turma = Turma(
                codigo=f"T{i}",
                ciclo_id=ciclo.id or 0,
                curso_id=curso.id or 0,
                turno="manha",
                local="rua Rio Branco, 14-60",
            )
            s.add(turma)
            await s.flush()
            primeiro = datetime.combine(inicio + timedelta(days=40), datetime.min.time(), FUSO)
            s.add(Encontro(turma_id=turma.id or 0, inicio=primeiro.replace(hour=14)))
