"""Arquivos errados: todos os problemas listados (origem, linha, motivo) e nada gravado."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from armazenamento.importacao import CAMINHO_DEMO, ErroImportacao, ErroLinha, importar
from armazenamento.modelos import Cras
from tests.armazenamento.auxiliar_importacao import (
    contar,
    escrever_arquivos,
    escrever_xlsx,
    ler_tabelas_toml,
)
from tests.armazenamento.test_importacao import HOJE

BASE = {
    "cras.csv": 'nome,endereco\nCRAS Noroeste,"avenida Daniel Pacífico, quadra 2"\n',
    "bairros.csv": "nome,cras\nVila Falcão,CRAS Noroeste\nJardim Bela Vista,CRAS Noroeste\n",
    "oscs.csv": "nome\nOficina do Futuro\n",
    "cursos.csv": "nome,osc,o_que_levar\nConfeitaria,Oficina do Futuro,documento com foto\n",
    "ciclos.csv": "ano,preinscricao_inicio,preinscricao_fim,fase1_inicio,fase1_fim\n"
    "2027,05/01/2027,31/01/2027,2027-02-15,2027-07-10\n",
    "turmas.csv": "codigo,ano,curso,turno,capacidade,local\n"
    'CONF-M1,2027,Confeitaria,manhã,15,"rua Rio Branco, 14-60"\n',
    "encontros.csv": "turma,data,hora\nCONF-M1,15/02/2027,08:00\nCONF-M1,17/02/2027,08:00\n",
}
TURMA = "codigo,ano,curso,turno,capacidade\n"
CICLO = "ano,preinscricao_inicio,preinscricao_fim,fase1_inicio,fase1_fim\n"
GERACAO = "codigo,ano,curso,turno,dias,hora,inicio,quantidade"

# (arquivo trocado, conteúdo ruim, origem, linha, trecho do motivo)
CASOS = [
    ("turmas.csv", TURMA + "CONF-M1,2027,Confeitaria 2,manhã,15\n", "turmas.csv", 2,
     "a turma CONF-M1 cita o curso 'Confeitaria 2', que não existe"),
    ("turmas.csv", "codigo,ano,curso\nCONF-M1,2027,Confeitaria\n", "turmas.csv", 1,
     "falta a coluna obrigatória 'turno'"),
    ("turmas.csv", TURMA + "CONF-M1,2027,Confeitaria,,15\n", "turmas.csv", 2,
     "'turno' está vazio"),
    ("turmas.csv", TURMA + "CONF-M1,2027,Confeitaria,madrugada,15\n", "turmas.csv", 2,
     "turno 'madrugada' não existe"),
    ("turmas.csv", TURMA + "CONF-M1,2027,Confeitaria,tarde,-3\n", "turmas.csv", 2,
     "capacidade: deve ser um número inteiro de 1 a 500, não '-3'"),
    ("turmas.csv", TURMA + "CONF-M1,2027,Confeitaria,tarde,quinze\n", "turmas.csv", 2,
     "capacidade: deve ser um número inteiro"),
    ("turmas.csv", TURMA + "CONF-M1,2027,Confeitaria,tarde,0\n", "turmas.csv", 2,
     "capacidade: deve ser um número inteiro"),
    ("turmas.csv", TURMA + "CONF-M1,2031,Confeitaria,tarde,15\n", "turmas.csv", 2,
     "a turma CONF-M1 cita o ano 2031, que não tem ciclo cadastrado"),
    ("turmas.csv", TURMA + "CONF-M1,2027,Confeitaria,tarde,15\nconf m1,2027,Confeitaria,noite,15\n",
     "turmas.csv", 3, "a turma conf m1 já aparece na linha 2"),
    ("turmas.csv", "codigo,ano,curso,turno,capacidad\nCONF-M1,2027,Confeitaria,tarde,15\n",
     "turmas.csv", 1, "a coluna 'capacidad' não existe em turmas"),
    ("turmas.csv", "codigo,ano,curso,turno,dias\nCONF-M1,2027,Confeitaria,tarde,seg\n",
     "turmas.csv", 2, "para gerar os encontros informe também: hora, inicio, quantidade"),
    ("turmas.csv", f"{GERACAO}\nCONF-M1,2027,Confeitaria,tarde,seg e sabadão,14:00,hoje,4\n",
     "turmas.csv", 2, "dia da semana 'sabadao' não reconhecido"),
    ("turmas.csv", f"{GERACAO}\nCONF-M1,2027,Confeitaria,tarde,seg,14:00,hoje,999\n",
     "turmas.csv", 2, "quantidade: deve ser um número inteiro de 1 a 200"),
    ("turmas.csv", f"{GERACAO}\nCONF-M1,2027,Confeitaria,tarde,\"seg,qua\",08:00,15/02/2027,2\n",
     "encontros.csv", 2, "a turma CONF-M1 já tem encontro em 15/02/2027 às 08:00"),
    ("bairros.csv", "nome,cras\nVila Falcão,CRAS Noroeste\nVila Falcao,CRAS Noroeste\n",
     "bairros.csv", 3, "o bairro 'Vila Falcao' já aparece na linha 2"),
    ("bairros.csv", "nome,cras\nVila Falcão,CRAS Noroeste\nCentro,CRAS Marte\n",
     "bairros.csv", 3, "o bairro 'Centro' cita o CRAS 'CRAS Marte', que não existe"),
    ("bairros.csv", "nome,cras\n!!!,CRAS Noroeste\n", "bairros.csv", 2,
     "o nome precisa ter letras ou números"),
    ("cursos.csv", "nome,osc\nConfeitaria,OSC Fantasma\n", "cursos.csv", 2,
     "o curso 'Confeitaria' cita a OSC 'OSC Fantasma', que não existe"),
    ("ciclos.csv", CICLO + "2027,31/02/2027,31/03/2027,,\n", "ciclos.csv", 2,
     "preinscricao_inicio: data inválida '31/02/2027'"),
    ("ciclos.csv", CICLO + "2027,05/01/2027,01/01/2027,,\n", "ciclos.csv", 2,
     "o fim da pré-inscrição (01/01/2027) vem antes do início (05/01/2027)"),
    ("ciclos.csv", CICLO + "2027,05/01/2027,31/01/2027,2027-01-20,2027-07-10\n", "ciclos.csv", 2,
     "a 1ª fase começa (20/01/2027) antes de a pré-inscrição terminar (31/01/2027)"),
    ("ciclos.csv", CICLO + "2027,05/01/2027,31/01/2027,2027-07-10,2027-02-15\n", "ciclos.csv", 2,
     "o fim da 1ª fase (15/02/2027) vem antes do início (10/07/2027)"),
    ("ciclos.csv", CICLO + "dois mil,05/01/2027,31/01/2027,,\n", "ciclos.csv", 2,
     "ano: ano inválido 'dois mil'"),
    ("encontros.csv", "turma,data,hora\nCONF-M1,15/02/2027,08:00\nCONF-X9,17/02/2027,08:00\n",
     "encontros.csv", 3, "cita a turma 'CONF-X9', que não existe"),
    ("encontros.csv", "turma,data,hora\nCONF-M1,15/02/2027,25:00\n", "encontros.csv", 2,
     "hora: hora inválida '25:00'"),
    ("encontros.csv", "turma,data,hora,horas_aprendizagem\nCONF-M1,15/02/2027,08:00,0\n",
     "encontros.csv", 2, "o encontro ficaria sem nenhuma hora"),
    ("encontros.csv", "turma,data,hora\nCONF-M1,15/02/2027,08:00\nCONF-M1,15/02/2027,8h\n",
     "encontros.csv", 3, "o encontro de 15/02/2027 às 08:00 já aparece na linha 2"),
    ("professores.csv", "nome\nAna\n", "professores.csv", 0, "tabela 'professores' desconhecida"),
]  # fmt: skip


async def _importar_com_erro(
    caminho: Path, sessoes: async_sessionmaker[AsyncSession]
) -> list[ErroLinha]:
    with pytest.raises(ErroImportacao) as erro:
        await importar(caminho, sessoes, HOJE)
    return erro.value.erros


def _tem(erros: list[ErroLinha], origem: str, linha: int, trecho: str) -> bool:
    return any(e.origem == origem and e.linha == linha and trecho in e.motivo for e in erros)


@pytest.mark.parametrize(("arquivo", "conteudo", "origem", "linha", "trecho"), CASOS)
async def test_arquivo_ruim_diz_onde_e_por_que_e_nao_grava_nada(
    sessoes: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    arquivo: str,
    conteudo: str,
    origem: str,
    linha: int,
    trecho: str,
) -> None:
    pasta = escrever_arquivos(tmp_path / "csv", BASE | {arquivo: conteudo})
    erros = await _importar_com_erro(pasta, sessoes)
    assert _tem(erros, origem, linha, trecho), erros
    assert set((await contar(sessoes)).values()) == {0}


async def test_a_base_dos_casos_ruins_e_valida(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    relatorio = await importar(escrever_arquivos(tmp_path / "csv", BASE), sessoes, HOJE)
    assert relatorio.contagens["encontros"] == 2


async def test_junta_todos_os_erros_de_uma_vez(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    ruins = {
        "turmas.csv": TURMA + "CONF-M1,2027,Confeitaria 2,noite,0\nCONF-T1,2030,Confeitaria,x,15\n",
        "bairros.csv": "nome,cras\nCentro,CRAS Marte\n",
    }
    erros = await _importar_com_erro(escrever_arquivos(tmp_path / "csv", BASE | ruins), sessoes)
    assert _tem(erros, "turmas.csv", 2, "cita o curso 'Confeitaria 2'")
    assert _tem(erros, "turmas.csv", 2, "capacidade")
    assert _tem(erros, "turmas.csv", 3, "turno 'x' não existe")
    assert _tem(erros, "turmas.csv", 3, "cita o ano 2030")
    assert _tem(erros, "bairros.csv", 2, "CRAS Marte")
    assert not any("cita a turma" in e.motivo for e in erros)  # a turma com erro ainda existe
    assert set((await contar(sessoes)).values()) == {0}


async def test_erro_nao_altera_o_que_ja_estava_no_banco(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await importar(CAMINHO_DEMO, sessoes, HOJE)
    antes = await contar(sessoes)
    ruins = {
        "cras.csv": 'nome,endereco\nCRAS Noroeste,"rua Nova, 1-1"\nCRAS Novo,\n',
        "turmas.csv": TURMA + "CONF-M1,2027,Confeitaria 2,manhã,15\n",
    }
    await _importar_com_erro(escrever_arquivos(tmp_path / "csv", ruins), sessoes)
    assert await contar(sessoes) == antes
    async with sessoes() as sessao:
        noroeste = (
            await sessao.execute(select(Cras).where(col(Cras.nome) == "CRAS Noroeste"))
        ).scalar_one()
    assert noroeste.endereco == "avenida Daniel Pacífico, quadra 2"


async def test_xlsx_usa_o_numero_de_linha_do_excel(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    tabelas = ler_tabelas_toml(CAMINHO_DEMO)
    tabelas["turmas"][2]["curso"] = "Confeitaria 2"  # 3ª turma: linha 4 do Excel
    erros = await _importar_com_erro(escrever_xlsx(tabelas, tmp_path / "p.xlsx"), sessoes)
    assert erros == [
        ErroLinha("aba turmas", 4, "a turma COST-T1 cita o curso 'Confeitaria 2', que não existe")
    ]
    assert set((await contar(sessoes)).values()) == {0}


async def test_toml_usa_a_posicao_na_lista(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    texto = CAMINHO_DEMO.read_text(encoding="utf-8").replace('turno = "tarde"', 'turno = "dia"', 1)
    (tmp_path / "p.toml").write_text(texto, encoding="utf-8")
    erros = await _importar_com_erro(tmp_path / "p.toml", sessoes)
    assert erros == [
        ErroLinha("turmas", 2, "turno: turno 'dia' não existe (use manhã, tarde ou noite)")
    ]


async def test_toml_com_erro_de_escrita_diz_a_linha(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    (tmp_path / "p.toml").write_text('[[cras]]\nnome = "CRAS Noroeste\n', encoding="utf-8")
    (erro,) = await _importar_com_erro(tmp_path / "p.toml", sessoes)
    assert (erro.origem, erro.linha) == ("p.toml", 2)


async def test_toml_com_chave_desconhecida(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    (tmp_path / "p.toml").write_text('[[cras]]\nnome = "A"\n\n[[cras]]\nnome = "B"\nfax = "1"\n')
    erros = await _importar_com_erro(tmp_path / "p.toml", sessoes)
    assert _tem(erros, "cras", 2, "a coluna 'fax' não existe em cras")


@pytest.mark.parametrize(
    ("nome", "esperado"),
    [
        ("programa.numbers", "formato não reconhecido"),
        ("programa.xls", "não consegui abrir a planilha"),  # .xls cortado no meio
        ("programa.ods", "não consegui abrir a planilha"),
        ("nada.toml", "arquivo ou pasta não encontrado"),
    ],
)
async def test_arquivo_que_nao_da_para_ler(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, nome: str, esperado: str
) -> None:
    if not nome.endswith(".toml"):
        (tmp_path / nome).write_bytes(b"\xd0\xcf\x11\xe0")
    (erro,) = await _importar_com_erro(tmp_path / nome, sessoes)
    assert esperado in erro.motivo


async def test_xlsx_corrompido(sessoes: async_sessionmaker[AsyncSession], tmp_path: Path) -> None:
    (tmp_path / "p.xlsx").write_bytes(b"isto nao e uma planilha")
    (erro,) = await _importar_com_erro(tmp_path / "p.xlsx", sessoes)
    assert (erro.origem, erro.linha) == ("p.xlsx", 0)
    assert "não consegui abrir a planilha" in erro.motivo


async def test_pasta_vazia(sessoes: async_sessionmaker[AsyncSession], tmp_path: Path) -> None:
    (erro,) = await _importar_com_erro(tmp_path, sessoes)
    assert "nenhum arquivo .csv" in erro.motivo
