"""Importação do cadastro: demonstração, planilha, CSV e reimportação sem duplicar."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.importacao import CAMINHO_DEMO, banco_sem_programa, importar
from armazenamento.modelos import Bairro, Ciclo, Cras, Curso, Encontro, Turma
from armazenamento.tempo import FUSO
from tests.armazenamento.auxiliar_importacao import (
    contar,
    escrever_arquivos,
    escrever_csv,
    escrever_xlsx,
    ler_tabelas_toml,
)

HOJE = date(2026, 11, 20)  # em novembro, ano = "hoje" prepara o ciclo de 2027
CONTAGEM_DEMO = {
    "cras": 10,
    "bairros": 35,
    "oscs": 3,
    "cursos": 6,
    "ciclos": 1,
    "turmas": 8,
    "encontros": 7 * 33 + 44 + 1,
}
CRAS_DE_BAURU = {
    "9 de Julho",
    "Nova Esperança",
    "Santa Cândida",
    "Jardim Ferraz",
    "Noroeste",
    "Distrito de Tibiriçá",
    "Jardim Europa",
    "Ferradura Mirim",
    "Jardim Godoy",
    "Nova Bauru",
}


async def _todos(sessoes: async_sessionmaker[AsyncSession], modelo: type) -> list:
    async with sessoes() as sessao:
        return list((await sessao.execute(select(modelo))).scalars().all())


async def test_demo_carrega_o_programa_inteiro(sessoes: async_sessionmaker[AsyncSession]) -> None:
    assert await banco_sem_programa(sessoes)
    relatorio = await importar(CAMINHO_DEMO, sessoes, HOJE)
    assert relatorio.contagens == CONTAGEM_DEMO
    assert relatorio.criados == CONTAGEM_DEMO
    assert await contar(sessoes) == CONTAGEM_DEMO
    assert not await banco_sem_programa(sessoes)


async def test_demo_tem_os_10_cras_reais_e_bairros_em_um_territorio_so(
    sessoes: async_sessionmaker[AsyncSession],
) -> None:
    await importar(CAMINHO_DEMO, sessoes, HOJE)
    cras = await _todos(sessoes, Cras)
    assert {c.nome.removeprefix("CRAS ") for c in cras} == CRAS_DE_BAURU
    bairros = await _todos(sessoes, Bairro)
    assert {b.chave for b in bairros} >= {"vila falcao", "jardim bela vista", "nucleo mary dota"}
    por_cras: dict[int, int] = {}
    for bairro in bairros:
        por_cras[bairro.cras_id] = por_cras.get(bairro.cras_id, 0) + 1
    assert set(por_cras) == {c.id for c in cras}
    cursos = await _todos(sessoes, Curso)
    assert all("documento com foto" in c.o_que_levar for c in cursos)


async def test_r3_demo_abre_a_preinscricao_no_dia_da_carga(
    sessoes: async_sessionmaker[AsyncSession],
) -> None:
    await importar(CAMINHO_DEMO, sessoes, HOJE)
    (ciclo,) = await _todos(sessoes, Ciclo)
    assert ciclo.ano == 2027
    assert ciclo.preinscricao_inicio == HOJE - timedelta(days=3)
    assert ciclo.preinscricao_inicio <= HOJE <= ciclo.preinscricao_fim
    assert ciclo.fase1_inicio == HOJE + timedelta(days=45)


async def test_ano_hoje_antes_de_outubro_e_o_proprio_ano(
    sessoes: async_sessionmaker[AsyncSession],
) -> None:
    await importar(CAMINHO_DEMO, sessoes, date(2027, 1, 4))
    (ciclo,) = await _todos(sessoes, Ciclo)
    assert ciclo.ano == 2027


async def test_r7_encontros_gerados_duas_vezes_por_semana_em_utc(
    sessoes: async_sessionmaker[AsyncSession],
) -> None:
    await importar(CAMINHO_DEMO, sessoes, HOJE)
    turmas = {t.codigo: t for t in await _todos(sessoes, Turma)}
    assert turmas["CONF-M1"].turno == "manha"
    assert turmas["ELET-N1"].capacidade == 12
    assert turmas["CONF-T1"].capacidade == 15
    encontros = [e for e in await _todos(sessoes, Encontro) if e.turma_id == turmas["CONF-M1"].id]
    gerados = [e for e in encontros if e.horas_aprendizagem == 4]
    assert len(gerados) == 33
    assert sum(e.horas_aprendizagem for e in encontros) == 132
    for encontro in gerados:
        assert encontro.inicio.utcoffset() == timedelta(0)
        local = encontro.inicio.astimezone(FUSO)
        assert local.time() == time(8, 0)
        assert local.weekday() in (0, 2)  # segunda e quarta
        assert local.date() >= HOJE + timedelta(days=45)
    avulso = [e for e in encontros if e.horas_aprendizagem == 0]
    assert len(avulso) == 1
    assert avulso[0].inicio.astimezone(UTC).hour == 12  # 09:00 em Bauru


async def test_r7_turma_de_3h_mais_1h_de_desenvolvimento_pessoal(
    sessoes: async_sessionmaker[AsyncSession],
) -> None:
    await importar(CAMINHO_DEMO, sessoes, HOJE)
    (turma,) = [t for t in await _todos(sessoes, Turma) if t.codigo == "INFO-N1"]
    encontros = [e for e in await _todos(sessoes, Encontro) if e.turma_id == turma.id]
    assert sum(e.horas_aprendizagem for e in encontros) == 132
    assert sum(e.horas_desenvolvimento_pessoal for e in encontros) == 44


async def test_reimportar_nao_muda_nem_duplica(sessoes: async_sessionmaker[AsyncSession]) -> None:
    await importar(CAMINHO_DEMO, sessoes, HOJE)
    antes = await contar(sessoes)
    relatorio = await importar(CAMINHO_DEMO, sessoes, HOJE)
    assert set(relatorio.contagens.values()) == {0}
    assert await contar(sessoes) == antes


async def test_planilha_xlsx_com_o_mesmo_conteudo(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    planilha = escrever_xlsx(ler_tabelas_toml(CAMINHO_DEMO), tmp_path / "programa.xlsx")
    relatorio = await importar(planilha, sessoes, HOJE)
    assert relatorio.contagens == CONTAGEM_DEMO
    assert set((await importar(CAMINHO_DEMO, sessoes, HOJE)).contagens.values()) == {0}


async def test_pasta_de_csv_com_o_mesmo_conteudo(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    pasta = escrever_csv(ler_tabelas_toml(CAMINHO_DEMO), tmp_path / "csv")
    assert (await importar(pasta, sessoes, HOJE)).contagens == CONTAGEM_DEMO
    assert set((await importar(pasta, sessoes, HOJE)).contagens.values()) == {0}


async def test_planilha_com_celulas_de_data_e_hora_de_verdade(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    tabelas = ler_tabelas_toml(CAMINHO_DEMO)
    from datetime import datetime

    tabelas["ciclos"] = [
        {
            "Ano": 2027,
            "Pré-inscrição início": datetime(2027, 1, 5),
            "Pré-inscrição fim": datetime(2027, 1, 31),
            "Fase 1 início": datetime(2027, 2, 15),
            "Fase 1 fim": datetime(2027, 7, 10),
        }
    ]
    for turma in tabelas["turmas"]:
        turma["ano"] = 2027
    tabelas["encontros"] = [{"Turma": "CONF-M1", "Data": datetime(2027, 2, 12), "Hora": time(9)}]
    await importar(escrever_xlsx(tabelas, tmp_path / "p.xlsx"), sessoes, HOJE)
    (ciclo,) = await _todos(sessoes, Ciclo)
    assert (ciclo.preinscricao_inicio, ciclo.fase1_fim) == (date(2027, 1, 5), date(2027, 7, 10))
    inicios = {
        e.inicio.astimezone(FUSO).replace(tzinfo=None) for e in await _todos(sessoes, Encontro)
    }
    assert datetime(2027, 2, 12, 9, 0) in inicios


async def test_arquivo_so_com_turmas_cita_o_que_ja_esta_no_banco(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await importar(CAMINHO_DEMO, sessoes, HOJE)
    pasta = escrever_arquivos(
        tmp_path / "novas",
        {
            "turmas.csv": "codigo,ano,curso,turno,capacidade\n"
            "CONF-N1,2027,confeitaria,Noite,20\n"
            "CONF-M1,2027,Confeitaria,manhã,18\n",
        },
    )
    relatorio = await importar(pasta, sessoes, HOJE)
    assert relatorio.contagens["turmas"] == 2
    assert relatorio.criados["turmas"] == 1
    turmas = {t.codigo: t for t in await _todos(sessoes, Turma)}
    assert turmas["CONF-N1"].turno == "noite"
    assert turmas["CONF-M1"].capacidade == 18
    assert turmas["CONF-M1"].local == "rua Araújo Leite, 12-40"  # coluna ausente não apaga


async def test_bairro_muda_de_territorio_sem_duplicar(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await importar(CAMINHO_DEMO, sessoes, HOJE)
    pasta = escrever_arquivos(
        tmp_path / "b", {"bairros.csv": "nome;cras\nVILA FALCAO;CRAS Jardim Ferraz\n"}
    )
    assert (await importar(pasta, sessoes, HOJE)).contagens["bairros"] == 1
    bairros = [b for b in await _todos(sessoes, Bairro) if b.chave == "vila falcao"]
    cras = {c.id: c.nome for c in await _todos(sessoes, Cras)}
    assert len(bairros) == 1
    assert cras[bairros[0].cras_id] == "CRAS Jardim Ferraz"


async def test_csv_do_excel_brasileiro_em_windows_1252(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    pasta = tmp_path / "excel"
    pasta.mkdir()
    (pasta / "cras.csv").write_bytes(
        "Nome;Endereço\r\nCRAS São João;rua X, 1-10\r\n".encode("cp1252")
    )
    await importar(pasta, sessoes, HOJE)
    (cras,) = await _todos(sessoes, Cras)
    assert (cras.nome, cras.endereco) == ("CRAS São João", "rua X, 1-10")
