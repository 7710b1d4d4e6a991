"""Uma pessoa, um id no WhatsApp (issue 11, item 2; achado #4): cada mensagem traz o número,
o BSUID ou os dois; o id canônico é o primeiro visto e não muda; o destino dos envios é o
número conhecido, senão o BSUID. Tabelas de casos: a sequência do que chegou -> o canônico
de cada mensagem e o destino no fim."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import identidades_whatsapp as ids
from armazenamento.banco import transacao

INICIO = datetime(2027, 3, 1, 15, 0, tzinfo=UTC)
N1, N2, N3 = "5514991110001", "5514991110002", "5514991110003"
B1, B2, B3 = "BR.1111", "BR.2222", "BR.3333"


async def chegam(banco: AsyncEngine, mensagens: list[tuple[str, str]]) -> list[str]:
    """Os canônicos, uma mensagem de cada vez (cada uma na sua transação, como no webhook)."""
    canonicos = []
    for minuto, (numero, bsuid) in enumerate(mensagens):
        async with transacao(banco) as conexao:
            quando = INICIO + timedelta(minutes=minuto)
            canonicos.append(await ids.identificar(conexao, numero, bsuid, quando))
    return canonicos


async def destino(banco: AsyncEngine, canonico: str) -> str:
    async with transacao(banco) as conexao:
        return await ids.destino(conexao, canonico)


@pytest.mark.parametrize(
    ("mensagens", "canonicos", "destinos"),
    [
        # só o número, depois os dois, depois só o BSUID: uma pessoa, o número é o destino
        ([(N1, ""), (N1, B1), ("", B1)], [N1, N1, N1], {N1: N1}),
        # sempre escondeu o número: o BSUID para tudo
        ([("", B1), ("", B1)], [B1, B1], {B1: B1}),
        # escondia, depois mostrou: o mesmo id, e agora o número é o destino
        ([("", B1), (N1, B1), ("", B1)], [B1, B1, B1], {B1: N1}),
        # os dois desde o começo: o número é o canônico
        ([(N1, B1), ("", B1), (N1, "")], [N1, N1, N1], {N1: N1}),
        # duas pessoas não se misturam
        ([(N1, B1), (N2, B2), ("", B1), ("", B2)], [N1, N2, N1, N2], {N1: N1, N2: N2}),
        # o número mudou de dono (outro BSUID com ele): outra pessoa; a primeira fica com o
        # BSUID dela como destino, e o número vai para a nova dona
        ([(N1, B1), (N1, B2), ("", B1), (N1, "")], [N1, B2, N1, B2], {N1: B1, B2: N1}),
        # visto só pelo número e depois só pelo BSUID, e só então os dois: nada se funde,
        # cada ficha continua alcançável
        ([(N1, ""), ("", B1), (N1, B1), (N1, "")], [N1, B1, B1, N1], {N1: N1, B1: B1}),
        # o número mudou de dono e a nova dona já era conhecida pelo BSUID
        ([(N1, B1), ("", B2), (N1, B2), ("", B1)], [N1, B2, B2, N1], {N1: B1, B2: N1}),
        # o número conhecido sem BSUID ganha o BSUID: é a mesma pessoa
        ([(N1, ""), (N1, B1), (N1, B1)], [N1, N1, N1], {N1: N1}),
        # BSUID conhecido com um número novo: a pessoa trocou de número sem aviso; o BSUID
        # vence e o número mais recente é o destino
        ([(N1, B1), (N3, B1)], [N1, N1], {N1: N3}),
    ],
)
async def test_cada_mensagem_vai_para_o_id_certo(
    motor_banco: AsyncEngine,
    mensagens: list[tuple[str, str]],
    canonicos: list[str],
    destinos: dict[str, str],
) -> None:
    assert await chegam(motor_banco, mensagens) == canonicos
    for canonico, para in destinos.items():
        assert await destino(motor_banco, canonico) == para


async def test_troca_de_numero_avisada_pela_meta_liga_o_numero_e_o_bsuid_novos(
    motor_banco: AsyncEngine,
) -> None:
    await chegam(motor_banco, [(N1, B1)])
    async with transacao(motor_banco) as conexao:
        canonico = await ids.mudou(conexao, (N1, B1), (N3, B3), INICIO + timedelta(hours=1))

    assert canonico == N1
    assert await chegam(motor_banco, [(N3, B3), ("", B3), (N3, "")]) == [N1, N1, N1]
    assert await destino(motor_banco, N1) == N3


async def test_aviso_de_troca_de_quem_nunca_escreveu_nao_cria_ninguem(
    motor_banco: AsyncEngine,
) -> None:
    async with transacao(motor_banco) as conexao:
        assert await ids.mudou(conexao, (N1, B1), (N3,), INICIO) == ""
        assert await ids.canonicos(conexao, (N1, B1, N3)) == {}


async def test_pessoa_de_antes_da_tabela_recebe_no_proprio_id(motor_banco: AsyncEngine) -> None:
    """Conversa que já existia antes desta identidade (nenhum apelido): o id é o destino."""
    assert await destino(motor_banco, N2) == N2
    assert await destino(motor_banco, B2) == B2


async def test_numero_que_mudou_de_dono_sem_bsuid_nao_recebe_da_pessoa_antiga(
    motor_banco: AsyncEngine,
) -> None:
    """A Meta avisa que outra pessoa trocou para o número que era da primeira (que nunca
    mandou BSUID): o que for para a primeira não sai para a nova dona do número."""
    await chegam(motor_banco, [(N1, ""), (N2, B2)])
    async with transacao(motor_banco) as conexao:
        await ids.mudou(conexao, (N2, B2), (N1,), INICIO + timedelta(hours=1))

    assert await destino(motor_banco, N2) == N1  # a nova dona do número
    assert await destino(motor_banco, N1) == ""  # a antiga: ninguém mais a alcança
