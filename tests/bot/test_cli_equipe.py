"""`inclusao convite` e `inclusao equipe listar|revogar`, pelo `main` de verdade (ARQUITETURA §7).

O comando roda sem rede; a conversa que usa o convite é o motor de verdade (relógio real,
como o do comando). Escopo errado não cria nada; revogar põe o aviso na fila na mesma
transação e a próxima mensagem da pessoa já é de cidadão.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from armazenamento.acesso import Acesso, Vinculo
from armazenamento.banco import criar_motor, fabrica_de_sessoes, transacao
from armazenamento.equipe import acesso_de, resumo
from armazenamento.modelos import Convite, Envio, MembroEquipe, Osc, Turma
from armazenamento.tempo import agora, em_utc
from bot.cli import main
from fluxos.equipe.menus import menu_do_telegram
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from mensagens.serializacao import saida_de_json
from tests.conversa import Conversa
from tests.dados import semear_programa

BOT = "inclusao_teste_bot"
URL_WEB = "https://inclusao.exemplo.gov.br"
LINK_TELEGRAM = re.compile(rf"^Telegram: +https://t\.me/{BOT}\?start=([A-Za-z0-9_-]{{32}})$", re.M)
LINK_WEB = re.compile(
    rf"^Chat do site: +{re.escape(URL_WEB)}/\?convite=([A-Za-z0-9_-]{{32}})$", re.M
)
CODIGO = re.compile(r"^Código: +([2-9A-Z]{4}-[2-9A-Z]{4}) ", re.M)


@dataclass(frozen=True)
class Rodada:
    codigo: int
    saida: str
    erros: str


@pytest.fixture
async def banco(
    url_banco: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    niveis_de_registro: None,
) -> AsyncIterator[AsyncEngine]:
    """O banco do comando, com o programa pequeno dos testes (OSC, 3 CRAS, turmas T0..T2)."""
    motor = criar_motor(url_banco)
    await semear_programa(fabrica_de_sessoes(motor), agora().date())
    monkeypatch.chdir(tmp_path)  # sem .env de ninguém
    monkeypatch.setenv("DATABASE_URL", url_banco)
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", f"@{BOT}")
    monkeypatch.setenv("INCLUSAO_URL_WEB", f"{URL_WEB}/")
    yield motor
    await motor.dispose()


@pytest.fixture
def motor(banco: AsyncEngine) -> Motor:
    return criar_motor_de_conversa(banco)  # relógio real: o convite do comando vale agora


async def inclusao(capsys: pytest.CaptureFixture[str], *argumentos: str) -> Rodada:
    capsys.readouterr()
    codigo = await asyncio.to_thread(main, list(argumentos))
    saida = capsys.readouterr()
    return Rodada(codigo, saida.out, saida.err)


async def contar(banco: AsyncEngine, modelo: type) -> int:
    async with banco.connect() as conexao:
        consulta = sa.select(sa.func.count()).select_from(modelo.__table__)  # type: ignore[attr-defined]
        return int((await conexao.execute(consulta)).scalar_one())


async def id_de(banco: AsyncEngine, coluna: Any, valor: str) -> int:
    """O id da linha cuja `coluna` (de um modelo) vale `valor`."""
    async with banco.connect() as conexao:
        consulta = sa.select(coluna.table.c.id).where(coluna == valor)
        return int((await conexao.execute(consulta)).scalar_one())


def token_de(rodada: Rodada) -> str:
    achado = LINK_TELEGRAM.search(rodada.saida)
    assert achado, rodada.saida
    return achado.group(1)


async def convidar_e_entrar(
    capsys: pytest.CaptureFixture[str], conversa: Conversa, *argumentos: str
) -> None:
    rodada = await inclusao(capsys, "convite", *argumentos)
    assert rodada.codigo == 0, rodada.erros
    await conversa.comando("start", token_de(rodada))
    assert texto("equipe.convite.bem_vindo", papel="")[:7] in conversa.ouvidas[-2].texto


# ----- convite -------------------------------------------------------------------------


async def test_convite_mostra_as_tres_formas_e_o_link_liga_a_conversa(
    banco: AsyncEngine, motor: Motor, capsys: pytest.CaptureFixture[str]
) -> None:
    antes = agora()
    rodada = await inclusao(
        capsys, "convite", "--papel", "osc", "--osc", "instituto esperanca", "--rotulo", "Ana"
    )

    assert rodada.codigo == 0, rodada.erros
    assert rodada.saida.startswith(
        'Convite 1: técnico(a) da OSC Instituto Esperança — "Ana".\nVale uma vez só, até '
    )
    assert "(horário de Bauru)" in rodada.saida
    token = token_de(rodada)
    web = LINK_WEB.search(rodada.saida)
    assert web and web.group(1) == token  # o mesmo convite nos dois links
    codigo = CODIGO.search(rodada.saida)
    assert codigo, rodada.saida
    async with banco.connect() as conexao:
        convite = (await conexao.execute(sa.select(Convite.__table__))).one()  # type: ignore[attr-defined]
    assert convite.hash_token == resumo(token) and token not in str(tuple(convite))
    assert convite.hash_codigo == resumo(codigo.group(1).replace("-", ""))
    assert convite.osc_id == await id_de(banco, Osc.nome, "Instituto Esperança")
    assert convite.rotulo == "Ana"
    validade = em_utc(convite.expira_em) - antes
    assert timedelta(hours=71, minutes=59) < validade < timedelta(hours=72, minutes=1)

    tecnica = Conversa(motor, chat_id="800")
    await tecnica.comando("start", token)
    async with transacao(banco) as conexao:
        assert (await acesso_de(conexao, "teste", "800")).oscs == {convite.osc_id}


async def test_codigo_curto_do_convite_vale_digitado_depois_de_entrar(
    banco: AsyncEngine, motor: Motor, capsys: pytest.CaptureFixture[str]
) -> None:
    rodada = await inclusao(capsys, "convite", "--papel", "instrutor", "--turma", "t1")
    assert rodada.codigo == 0, rodada.erros
    assert rodada.saida.startswith("Convite 1: instrutor(a) da turma T1.")
    codigo = CODIGO.search(rodada.saida)
    assert codigo

    instrutora = Conversa(motor, chat_id="801")
    await instrutora.diz("entrar")
    await instrutora.diz(codigo.group(1).lower())

    async with transacao(banco) as conexao:
        acesso = await acesso_de(conexao, "teste", "801")
    assert acesso.turmas == {await id_de(banco, Turma.codigo, "T1")}


async def test_sem_nome_do_bot_diz_como_configurar_e_mostra_o_resto(
    banco: AsyncEngine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME")
    rodada = await inclusao(capsys, "convite", "--papel", "gestao", "--validade-horas", "2")

    assert rodada.codigo == 0, rodada.erros
    assert "Convite 1: gestão do programa." in rodada.saida
    assert "defina TELEGRAM_BOT_USERNAME" in rodada.saida
    assert "t.me/" not in rodada.saida
    assert LINK_WEB.search(rodada.saida) and CODIGO.search(rodada.saida)
    async with banco.connect() as conexao:
        expira = (await conexao.execute(sa.select(col(Convite.expira_em)))).scalar_one()
    assert em_utc(expira) - agora() < timedelta(hours=2)


@pytest.mark.parametrize(
    ("argumentos", "mensagem"),
    [
        (["--papel", "osc"], "O papel osc precisa de --osc: o id ou o nome da OSC."),
        (["--papel", "instrutor"], "O papel instrutor precisa de --turma"),
        (["--papel", "cras", "--osc", "1"], "O papel cras leva só --cras: não use --osc."),
        (
            ["--papel", "gestao", "--turma", "T0", "--osc", "1"],
            "O papel gestao vale para todo o município: não use --osc nem --turma.",
        ),
        (["--papel", "acessuas", "--cras", "1"], "O papel acessuas vale para todo o município"),
        (["--papel", "osc", "--osc", "Instituto Nenhum"], "OSC 'Instituto Nenhum' não encontrada."),
        (["--papel", "cras", "--cras", "CRAS Marte"], "CRAS 'CRAS Marte' não encontrado."),
        (["--papel", "instrutor", "--turma", "999"], "turma '999' não encontrada."),
        (["--papel", "osc", "--osc", "  "], "--osc veio vazio."),
        (["--papel", "chefe"], "Papel 'chefe' não existe."),
        (["--papel", "gestao", "--validade-horas", "0"], "--validade-horas deve ser"),
        (["--papel", "gestao", "--validade-horas", "3 dias"], "--validade-horas deve ser"),
        (["--papel", "gestao", "--rotulo", "x" * 81], "--rotulo pode ter até 80 caracteres"),
    ],
)
async def test_escopo_ou_valor_errado_e_recusado_sem_criar_nada(
    banco: AsyncEngine,
    capsys: pytest.CaptureFixture[str],
    argumentos: list[str],
    mensagem: str,
) -> None:
    rodada = await inclusao(capsys, "convite", *argumentos)

    assert rodada.codigo == 1
    assert rodada.saida == ""
    assert rodada.erros.startswith(mensagem), rodada.erros
    assert await contar(banco, Convite) == 0


async def test_nome_desconhecido_lista_o_que_existe(
    banco: AsyncEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    rodada = await inclusao(capsys, "convite", "--papel", "cras", "--cras", "Marte")

    assert "CRAS cadastrados: " in rodada.erros
    assert "(CRAS Jardim Europa)" in rodada.erros
    # o prefixo "CRAS" é opcional e o acento também
    certo = await inclusao(capsys, "convite", "--papel", "cras", "--cras", "nova esperanca")
    assert certo.saida.startswith("Convite 1: técnico(a) do CRAS Nova Esperança.")


@pytest.mark.parametrize(
    ("argumentos", "comeco"),
    [
        (["--osc", "esperanca"], "Convite 1: técnico(a) da OSC Instituto Esperança."),
        (["--osc", "INSTITUTO esperança"], "Convite 1: técnico(a) da OSC Instituto Esperança."),
    ],
)
async def test_parte_do_nome_da_osc_serve_quando_so_uma_tem(
    banco: AsyncEngine, capsys: pytest.CaptureFixture[str], argumentos: list[str], comeco: str
) -> None:
    rodada = await inclusao(capsys, "convite", "--papel", "osc", *argumentos)

    assert rodada.codigo == 0, rodada.erros
    assert rodada.saida.startswith(comeco)


async def test_parte_do_nome_que_serve_para_dois_pede_o_id(
    banco: AsyncEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    async with transacao(banco) as conexao:
        await conexao.execute(sa.insert(Osc).values(nome="Instituto Aurora"))
    rodada = await inclusao(capsys, "convite", "--papel", "osc", "--osc", "instituto")

    assert rodada.codigo == 1
    assert "serve para mais de um" in rodada.erros and "Use o id." in rodada.erros
    assert await contar(banco, Convite) == 0


# ----- listar e revogar ----------------------------------------------------------------


async def test_listar_mostra_escopo_pelo_nome_e_todos_inclui_revogados(
    banco: AsyncEngine, motor: Motor, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (await inclusao(capsys, "equipe", "listar")).saida.startswith("Ninguém da equipe")
    await convidar_e_entrar(
        capsys, Conversa(motor, chat_id="810"), "--papel", "osc", "--osc", "1", "--rotulo", "Ana"
    )
    await convidar_e_entrar(capsys, Conversa(motor, chat_id="811"), "--papel", "instrutor",
                            "--turma", "T2")  # fmt: skip
    await convidar_e_entrar(capsys, Conversa(motor, chat_id="812"), "--papel", "gestao")
    assert (await inclusao(capsys, "equipe", "revogar", "3")).codigo == 0

    ativos = (await inclusao(capsys, "equipe", "listar")).saida.splitlines()
    todos = (await inclusao(capsys, "equipe", "listar", "--todos")).saida.splitlines()

    assert ativos[0].split() == ["id", "papel", "escopo", "rótulo", "canal", "desde", "revogado"]
    assert re.match(r"1 +osc +OSC Instituto Esperança +Ana +teste +\d\d/\d\d/\d{4} \d\d:\d\d +-$",
                    ativos[1]), ativos  # fmt: skip
    assert re.match(r"2 +instrutor +turma T2 +- +teste ", ativos[2]), ativos
    assert len(ativos) == 3
    assert re.match(r"3 +gestao +todo o município +- +teste +\S+ \S+ +\d\d/\d\d/\d{4} ", todos[3])
    assert len(todos) == 4


async def test_r24_revogar_avisa_pela_fila_e_a_proxima_mensagem_ja_e_de_cidadao(
    banco: AsyncEngine, motor: Motor, capsys: pytest.CaptureFixture[str]
) -> None:
    tecnica = Conversa(motor, chat_id="7300001", canal="telegram")
    await convidar_e_entrar(capsys, tecnica, "--papel", "osc", "--osc", "Instituto Esperança")
    await tecnica.comando("turmas")
    assert "Turmas (1 a 3 de 3)" in tecnica.ultima.texto

    rodada = await inclusao(capsys, "equipe", "revogar", "1")

    assert rodada.codigo == 0, rodada.erros
    assert rodada.saida.splitlines() == [
        "Revogado: 1 (osc, OSC Instituto Esperança). A pessoa perde o acesso na próxima mensagem.",
        "Aviso para a pessoa: na fila de envio (telegram).",
    ]
    async with banco.connect() as conexao:
        envio = (await conexao.execute(sa.select(Envio.__table__))).one()  # type: ignore[attr-defined]
    assert (envio.canal, envio.chat_id, envio.estado) == ("telegram", "7300001", "pendente")
    assert envio.chave == "equipe:revogado:1"
    aviso = saida_de_json(envio.conteudo)
    assert aviso.texto == texto("equipe.revogado")
    assert aviso.comandos == ()  # o "/" volta ao do cidadão
    await tecnica.comando("turmas")
    assert tecnica.ultima.texto.startswith(texto("navegacao.revogado"))  # e o menu do cidadão

    de_novo = await inclusao(capsys, "equipe", "revogar", "1")
    assert de_novo.codigo == 1
    assert de_novo.erros.startswith(
        "Não há acesso ativo com o id 1: não existe ou já foi revogado."
    )
    assert await contar(banco, Envio) == 1


async def test_revogar_um_de_dois_papeis_deixa_o_menu_do_que_sobra(
    banco: AsyncEngine, motor: Motor, capsys: pytest.CaptureFixture[str]
) -> None:
    pessoa = Conversa(motor, chat_id="7300002", canal="telegram")
    await convidar_e_entrar(capsys, pessoa, "--papel", "acessuas")
    await convidar_e_entrar(capsys, pessoa, "--papel", "instrutor", "--turma", "T0")

    assert (await inclusao(capsys, "equipe", "revogar", "1")).codigo == 0

    async with banco.connect() as conexao:
        conteudo = (await conexao.execute(sa.select(col(Envio.conteudo)))).scalar_one()
    turma = await id_de(banco, Turma.codigo, "T0")
    sobra = Acesso((Vinculo(2, "instrutor", turma_id=turma),))
    assert saida_de_json(conteudo).comandos == menu_do_telegram(sobra)
    await pessoa.comando("turmas")
    assert "T0" in pessoa.ultima.texto


async def test_revogar_no_chat_do_site_nao_enfileira_aviso(
    banco: AsyncEngine, motor: Motor, capsys: pytest.CaptureFixture[str]
) -> None:
    await convidar_e_entrar(capsys, Conversa(motor, chat_id="s" * 43, canal="web"),
                            "--papel", "gestao")  # fmt: skip

    rodada = await inclusao(capsys, "equipe", "revogar", "1")

    assert rodada.codigo == 0
    assert "Sem aviso: o canal web não recebe mensagens fora da conversa." in rodada.saida
    assert await contar(banco, Envio) == 0
    async with banco.connect() as conexao:
        revogado = (await conexao.execute(sa.select(col(MembroEquipe.revogado_em)))).scalar_one()
    assert revogado is not None and em_utc(revogado) <= datetime.now(UTC)


@pytest.mark.parametrize(
    ("argumento", "mensagem"),
    [
        ("99", "Não há acesso ativo com o id 99"),
        ("um", "O id deve ser um número (veio 'um')."),
    ],
)
async def test_revogar_id_que_nao_serve_diz_o_que_fazer(
    banco: AsyncEngine, capsys: pytest.CaptureFixture[str], argumento: str, mensagem: str
) -> None:
    rodada = await inclusao(capsys, "equipe", "revogar", argumento)

    assert rodada.codigo == 1
    assert rodada.erros.startswith(mensagem)
    assert await contar(banco, Envio) == 0
