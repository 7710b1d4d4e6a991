"""Vários processos de despacho no mesmo PostgreSQL, contra a Bot API falsa (HTTP de verdade).

Os despachantes são processos de verdade (`python -m bot.despachar`); a Bot API falsa roda
neste processo e conta o que aceitou. Só o PostgreSQL tem vários processos (o SQLite é um
processo por desenho): na passada do SQLite estes testes aparecem como pulados.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot

from armazenamento.banco import criar_motor
from armazenamento.modelos import Envio
from armazenamento.tempo import agora
from bot.despachante import Despachante
from bot.lider import LiderancaPg
from bot.limite_envio import LimiteDeEnvio
from bot.remetente_telegram import RemetenteTelegram
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Saida
from tests.falsos.servidor_bot_api import ServidorBotApi

TOKEN = "123456:VARIOS"
RAIZ = Path(__file__).resolve().parents[2]
PRAZO = 3.0  # arrendamento curto: quem caiu devolve as linhas logo
LOTE = 50
PARALELOS = 8  # envios em voo ao mesmo tempo em cada despachante
# Esperas só para não travar para sempre, nunca medida: numa máquina de 2 núcleos carregada,
# subir três processos Python leva dezenas de segundos (os 40 s de antes estouravam).
PACIENCIA = 300.0
pytestmark = pytest.mark.timeout(3 * PACIENCIA)
SO_PG = "vários processos de despacho pedem PostgreSQL: rodam na passada do PostgreSQL"
_E = Envio.__table__  # type: ignore[attr-defined]


# --- peças comuns (usadas também por test_queda.py) ------------------------------------


def texto_de(i: int) -> str:
    return f"Aviso {i}"


def chat_de(i: int) -> str:
    return str(5_000_000 + i)


async def encher(banco: AsyncEngine, quantas: int) -> None:
    """`quantas` linhas vencidas, cada uma para um chat diferente."""
    quando = agora() - timedelta(seconds=1)
    linhas = [
        {
            "canal": "telegram",
            "chat_id": chat_de(i),
            "conteudo": saida_para_json(Saida(texto_de(i))),
            "chave": f"aviso:{i}",
            "estado": "pendente",
            "tentativas": 0,
            "proxima_em": quando,
            "arrendada_por": "",
            "id_provedor": "",
            "ultimo_erro": "",
            "criado_em": quando,
        }
        for i in range(quantas)
    ]
    async with banco.begin() as conexao:
        for inicio in range(0, quantas, 1000):
            await conexao.execute(insert(_E), linhas[inicio : inicio + 1000])


async def estados(banco: AsyncEngine) -> dict[str, int]:
    async with banco.connect() as conexao:
        consulta = select(_E.c.estado, func.count()).group_by(_E.c.estado)
        return {e: int(n) for e, n in (await conexao.execute(consulta)).all()}


async def chats_em_voo(banco: AsyncEngine, dono: str | None = None) -> set[str]:
    """Chats das linhas arrendadas agora (estado 'enviando'), de `dono` ou de qualquer um."""
    async with banco.connect() as conexao:
        consulta = select(_E.c.chat_id).where(_E.c.estado == "enviando")
        if dono is not None:
            consulta = consulta.where(_E.c.arrendada_por == dono)
        return set((await conexao.execute(consulta)).scalars())


async def remetentes(banco: AsyncEngine) -> Counter[str]:
    """Quantas linhas enviadas cada despachante (`arrendada_por`) gravou."""
    async with banco.connect() as conexao:
        consulta = (
            select(_E.c.arrendada_por, func.count())
            .where(_E.c.estado == "enviada")
            .group_by(_E.c.arrendada_por)
        )
        return Counter({d: int(n) for d, n in (await conexao.execute(consulta)).all()})


def pid_do_dono(dono: str) -> int:
    """`dono` é "maquina:pid:sufixo" (bot.despachante.nome_do_processo)."""
    return int(dono.split(":")[1])


def duplicados(api: ServidorBotApi) -> list[str]:
    """Chats que receberam a mesma mensagem mais de uma vez."""
    return [c for c, textos in api.enviadas_por_chat().items() if len(textos) > len(set(textos))]


class Despachos:
    """Processos `python -m bot.despachar` apontados para o banco e para a API falsa."""

    def __init__(self, url: str, api: ServidorBotApi, pasta: Path) -> None:
        self.url, self.api, self.pasta = url, api, pasta
        self.processos: list[asyncio.subprocess.Process] = []

    async def iniciar(self, por_segundo: float = 100_000, *extras: str) -> None:
        ambiente = {
            **os.environ,
            "DATABASE_URL": self.url,
            "TELEGRAM_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": self.api.url,
            "INCLUSAO_LOG": "WARNING",
        }
        argumentos = [
            *("-m", "bot.despachar", "--canal", "telegram", "--ate-vazio"),
            *("--por-segundo", str(por_segundo), "--prazo", str(PRAZO), "--lote", str(LOTE)),
            *("--reserva", "0.3", "--intervalo", "0.1", "--paralelos", str(PARALELOS)),
            *extras,
        ]
        erros = open(self.pasta / f"despachar_{len(self.processos)}.log", "wb")  # noqa: SIM115
        processo = await asyncio.create_subprocess_exec(
            sys.executable,
            *argumentos,
            cwd=RAIZ,
            env=ambiente,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=erros,
        )
        erros.close()
        self.processos.append(processo)

    async def esperar_todos(self, limite: float = PACIENCIA) -> list[int]:
        async with asyncio.timeout(limite):
            return [await p.wait() for p in self.processos]

    async def matar(self, pid: int) -> None:
        """SIGKILL: sem chance de gravar nada nem soltar a liderança com educação."""
        (processo,) = [p for p in self.processos if p.pid == pid]
        processo.send_signal(signal.SIGKILL)
        async with asyncio.timeout(PACIENCIA):
            await processo.wait()

    def registros(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-2000:] for p in self.pasta.iterdir())

    def encerrar(self) -> None:
        for processo in self.processos:
            if processo.returncode is None:
                processo.kill()


@pytest.fixture
async def url_pg(url_banco: str, tipo_banco: str) -> str:
    if tipo_banco != "postgresql":
        pytest.skip(SO_PG)
    return url_banco


@pytest.fixture
async def api() -> AsyncIterator[ServidorBotApi]:
    async with ServidorBotApi(TOKEN) as servidor:
        yield servidor


@pytest.fixture
async def despachos(url_pg: str, api: ServidorBotApi, tmp_path: Path) -> AsyncIterator[Despachos]:
    grupo = Despachos(url_pg, api, tmp_path)
    yield grupo
    grupo.encerrar()
    for processo in grupo.processos:
        await processo.wait()


async def iniciar_varios(despachos: Despachos, quantos: int, por_segundo: float = 100_000) -> None:
    for _ in range(quantos):
        await despachos.iniciar(por_segundo)


def sem_falhas(contagem: dict[str, int], total: int, aceitos: Iterable[str] = ("enviada",)) -> bool:
    return sum(n for e, n in contagem.items() if e in aceitos) == total


# --- testes ---------------------------------------------------------------------------


async def test_tres_processos_enviam_cada_linha_uma_vez(
    despachos: Despachos, api: ServidorBotApi, motor_banco: AsyncEngine
) -> None:
    await encher(motor_banco, 5000)
    await iniciar_varios(despachos, 3)

    codigos = await despachos.esperar_todos()

    assert codigos == [0, 0, 0], despachos.registros()
    assert api.total_aceitas == 5000 and api.duplicadas() == 0
    assert len(api.enviadas_por_chat()) == 5000
    assert await estados(motor_banco) == {"enviada": 5000}
    assert len(await remetentes(motor_banco)) == 1  # só o líder enviou


async def test_limite_global_vale_com_tres_processos(
    despachos: Despachos, api: ServidorBotApi, motor_banco: AsyncEngine
) -> None:
    """A API falsa recusa (429) acima de R/s no total; os despachantes estão em R/s.

    Invariante, não margem de tempo: só o líder envia, nada se perde nem duplica, e as
    tentativas (aceitas e recusadas) da rodada inteira cabem em R × a duração da rodada,
    com a tolerância declarada de `PARALELOS + 1`. Por quê: o limite (GCRA) dá a cada
    tentativa um horário pelo menos 1/R depois do anterior; só as `PARALELOS` primeiras
    reservam sem esperar uma resposta, e toda resposta vem depois da 1ª chegada. Uma
    máquina lenta só estica a rodada. Quantos 429 a variação de latência causa é medida,
    não regra: `make bench` (`r429_limite`, bench/envio.py)."""
    taxa, quantas = 200, 800
    api.limitar(taxa)
    await encher(motor_banco, quantas)
    await iniciar_varios(despachos, 3, taxa)

    assert await despachos.esperar_todos() == [0, 0, 0], despachos.registros()

    chegadas = [c.em for c in api.chamadas if c.metodo == "sendMessage"]
    duracao = max(chegadas) - min(chegadas)
    print(f"\n3 processos a {taxa}/s: {api.codigos[429]} respostas 429 em {len(chegadas)}")
    assert len(chegadas) <= taxa * duracao + PARALELOS + 1, (len(chegadas), duracao)
    assert len(await remetentes(motor_banco)) == 1  # só o líder enviou
    assert api.total_aceitas == quantas and api.duplicadas() == 0
    assert await estados(motor_banco) == {"enviada": quantas}


async def test_reserva_assume_quando_o_lider_morre(
    despachos: Despachos, api: ServidorBotApi, motor_banco: AsyncEngine
) -> None:
    quantas = 1000
    await encher(motor_banco, quantas)
    await iniciar_varios(despachos, 3, 1000)
    await api.esperar(lambda: api.total_aceitas >= 325, limite=PACIENCIA)
    (lider,) = (await remetentes(motor_banco)).keys()

    await despachos.matar(pid_do_dono(lider))
    em_voo = await chats_em_voo(motor_banco, lider)
    codigos = await despachos.esperar_todos()

    assert sorted(codigos) == [-signal.SIGKILL, 0, 0], despachos.registros()
    contagem = await estados(motor_banco)
    assert sem_falhas(contagem, quantas, ("enviada", "falhou")), contagem
    assert len(api.enviadas_por_chat()) == quantas  # ninguém ficou sem a mensagem
    repetidos = duplicados(api)
    print(f"\nqueda do líder: {len(repetidos)} duplicadas, {len(em_voo)} em voo na queda")
    assert set(repetidos) <= em_voo and len(repetidos) <= LOTE
    donos = await remetentes(motor_banco)
    assert len(donos) == 2 and lider in donos  # o reserva assumiu e terminou


async def test_lideranca_um_so_lider_e_troca_quando_ele_cai(url_pg: str) -> None:
    """No mesmo processo, duas lideranças (duas conexões): só uma vence; se a conexão do
    líder cai (como num processo morto), a outra assume na tentativa seguinte."""
    motores = [criar_motor(url_pg), criar_motor(url_pg)]
    primeira, segunda = (LiderancaPg(m, "telegram", conferir_a_cada=0) for m in motores)
    try:
        assert await primeira.sou_lider() and not await segunda.sou_lider()
        async with motores[1].connect() as conexao:  # o servidor derruba a sessão do líder
            await conexao.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks"
                    " WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()"
                )
            )
        assert not await primeira.sou_lider()  # percebeu a queda na conferência
        assert await segunda.sou_lider()
        assert not await primeira.sou_lider()  # voltou como reserva
        await segunda.largar()
        assert await primeira.sou_lider()
    finally:
        await primeira.largar()
        await segunda.largar()
        for motor in motores:
            await motor.dispose()


async def test_despachante_de_reserva_nao_envia(
    url_pg: str, api: ServidorBotApi, motor_banco: AsyncEngine
) -> None:
    await encher(motor_banco, 3)
    lider = LiderancaPg(motor_banco, "telegram")
    assert await lider.sou_lider()
    try:
        async with Bot(TOKEN, base_url=f"{api.url}/bot") as bot:
            reserva = Despachante(
                motor_banco,
                "telegram",
                RemetenteTelegram(bot),
                LimiteDeEnvio(1000),
                lideranca=LiderancaPg(motor_banco, "telegram"),
            )
            assert await reserva.esvaziar() == 0 and api.total_aceitas == 0
            await lider.largar()
            assert await reserva.esvaziar() == 3 and api.total_aceitas == 3
            assert reserva.lideranca is not None
            await reserva.lideranca.largar()
    finally:
        await lider.largar()
