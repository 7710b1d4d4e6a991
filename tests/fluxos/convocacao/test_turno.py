"""R10 na convocação: a turma chama primeiro quem escolheu o turno dela; quem escolheu
outro turno espera a turma desse turno enquanto ela tem vaga. A OSC vê o turno escolhido
e se o curso foi a 1ª ou a 2ª opção de cada pessoa."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.banco import transacao
from armazenamento.modelos import Convocacao, Encontro, PreInscricao, Turma
from fluxos.convocacao.regras import chamar_r10, ordem_r10
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.convocacao.conftest import (
    chat,
    convocar_direto,
    encaminhar,
    id_da_turma,
    mensagens,
    pessoa,
)
from tests.fluxos.equipe.conftest import Convidar


@pytest.fixture
async def osc(tecnica: Conversa, convidar: Convidar) -> Conversa:
    await tecnica.comando("start", (await convidar("osc")).token)
    return tecnica


async def turma_da_tarde(banco: AsyncEngine, capacidade: int = 15) -> int:
    """Uma turma da tarde de Confeitaria (a T0, da manhã, vem do cadastro)."""
    async with transacao(banco) as c:
        base = (await c.execute(sa.select(Turma).where(Turma.codigo == "T0"))).one()  # type: ignore[arg-type]
        turma = (
            await c.execute(
                sa.insert(Turma)
                .values(
                    codigo="T0T",
                    ciclo_id=base.ciclo_id,
                    curso_id=base.curso_id,
                    turno="tarde",
                    capacidade=capacidade,
                    local=base.local,
                )
                .returning(Turma.id)  # type: ignore[arg-type]
            )
        ).scalar_one()
        inicio = (
            await c.execute(
                sa.select(sa.func.min(Encontro.inicio)).where(Encontro.turma_id == base.id)
            )  # type: ignore[arg-type]
        ).scalar_one()
        await c.execute(sa.insert(Encontro).values(turma_id=turma, inicio=inicio))
    return int(turma)


async def capacidade(banco: AsyncEngine, turma: int, vagas: int) -> None:
    async with transacao(banco) as c:
        await c.execute(sa.update(Turma).where(Turma.id == turma).values(capacidade=vagas))  # type: ignore[arg-type]


async def chamadas(banco: AsyncEngine, turma: int) -> list[str]:
    """Os nomes convocados para a turma, na ordem da convocação."""
    async with transacao(banco) as c:
        linhas = await c.execute(
            sa.select(PreInscricao.nome)  # type: ignore[call-overload]
            .join(Convocacao, Convocacao.preinscricao_id == PreInscricao.id)
            .where(Convocacao.turma_id == turma)
            .order_by(Convocacao.id)
        )
        return [n.removesuffix(" da Silva") for (n,) in linhas.all()]


async def lista_mista(banco: AsyncEngine) -> None:
    """Lista do CRAS de Confeitaria: posições 1 e 3 querem manhã, 2 e 4 tarde, 5 noite."""
    for posicao, turno in [(1, "manha"), (2, "tarde"), (3, "manha"), (4, "tarde"), (5, "noite")]:
        await encaminhar(banco, 1, primeira=posicao, turno=turno)


async def test_r10_turma_da_tarde_chama_primeiro_quem_quer_tarde(
    osc: Conversa, motor: Motor
) -> None:
    await lista_mista(motor.banco)
    tarde = await turma_da_tarde(motor.banco)
    await osc.comando("convocar", str(tarde))
    assert "Na lista, ainda sem chamar: 3." in osc.ultima.texto
    assert (
        "Ainda na lista, à espera da turma do próprio turno (que tem vagas): 2 pessoas."
        in osc.ultima.texto
    )

    await osc.toca("Convocar 1 pessoa")
    assert osc.ultima.texto == (
        "Próxima da lista: Pessoa 02 da Silva (posição 2), escolheu tarde, curso como 1ª opção."
        "\nConvocar agora?"
    )

    await osc.toca("Voltar")
    [nota, painel] = await osc.toca("Convocar para vagas")
    assert painel.texto.startswith("Turma T0T")
    # a lista não acabou (quem quer manhã espera a turma da manhã): não pede nomes ao CRAS
    assert nota.texto.endswith(
        "Quem escolheu o turno desta turma já foi chamado: ficaram 12 vagas sem ninguém."
    )
    assert "CRAS" not in nota.texto
    # quem quer tarde, na ordem do CRAS; depois quem quer noite (o curso não tem noite);
    # quem quer manhã espera a turma da manhã, que ainda tem vagas
    assert await chamadas(motor.banco, tarde) == ["Pessoa 02", "Pessoa 04", "Pessoa 05"]

    manha = await id_da_turma(motor.banco, "T0")
    await convocar_direto(motor, manha, 15)
    assert await chamadas(motor.banco, manha) == ["Pessoa 01", "Pessoa 03"]


async def test_r10_quem_quer_manha_vai_para_a_tarde_quando_a_manha_lota(
    osc: Conversa, motor: Motor
) -> None:
    await lista_mista(motor.banco)
    tarde = await turma_da_tarde(motor.banco)
    manha = await id_da_turma(motor.banco, "T0")
    await capacidade(motor.banco, manha, 1)
    await convocar_direto(motor, manha, 1)  # Pessoa 01; a manhã não tem mais vaga
    await convocar_direto(motor, tarde, 2)  # 02 e 04, que querem tarde

    await osc.comando("convocar", str(tarde))
    await osc.toca("Convocar 1 pessoa")

    assert osc.ultima.texto == (
        "Próxima da lista: Pessoa 03 da Silva (posição 3), escolheu manhã, "
        "curso como 1ª opção.\n"
        "Ela escolheu manhã, mas nenhuma turma deste curso nesse turno tem vaga para ela. "
        "Quem escolheu tarde já foi chamado.\nConvocar agora?"
    )
    await osc.toca("Convocar")
    # depois de quem quer tarde, os outros na ordem do CRAS: 03 (manhã lotada) antes de 05
    assert await chamadas(motor.banco, tarde) == ["Pessoa 02", "Pessoa 04", "Pessoa 03"]
    # a pessoa fica sabendo, na própria chamada, que a turma é de outro turno
    [chamada] = await mensagens(motor.banco, chat(3))
    assert chamada.texto.splitlines()[1] == (
        "Atenção: esta turma é no turno da tarde. Você tinha escolhido o turno da manhã."
    )
    [chamada] = await mensagens(motor.banco, chat(2))
    assert "Atenção" not in chamada.texto


async def test_r10_so_quem_espera_outra_turma_diz_o_que_fazer(osc: Conversa, motor: Motor) -> None:
    await encaminhar(motor.banco, 2, turno="manha")
    tarde = await turma_da_tarde(motor.banco)
    await osc.comando("convocar", str(tarde))
    assert "Na lista, ainda sem chamar: 0." in osc.ultima.texto
    # sem ninguém que possa ser chamado, os botões de convocar nem aparecem
    assert "Convocar 1 pessoa" not in osc.rotulos

    await osc.comando("conv_um", str(tarde))

    assert (
        "Quem escolheu o turno desta turma já foi chamado. Na lista ainda há 2 pessoas à "
        "espera da turma do próprio turno" in osc.ouvidas[-2].texto
    )
    assert await chamadas(motor.banco, tarde) == []


async def test_r10_ver_situacao_mostra_turno_e_opcao(osc: Conversa, motor: Motor) -> None:
    await encaminhar(motor.banco, 1, turno="tarde")
    await encaminhar(motor.banco, 1, primeira=2, turno="manha", segunda_opcao=[2])
    manha = await id_da_turma(motor.banco, "T0")
    await convocar_direto(motor, manha, 2)

    await osc.comando("conv_situacao", str(manha))

    texto = osc.ultima.texto
    assert "- Pessoa 02 da Silva (escolheu manhã" in texto
    assert "(escolheu manhã, curso como 2ª opção)" in texto
    assert "(escolheu tarde, curso como 1ª opção)" in texto
    # R10: quem quer manhã vem antes de quem quer tarde, mesmo com posição pior e com o
    # curso como 2ª opção (a 2ª opção não muda a ordem do CRAS)
    assert await chamadas(motor.banco, manha) == ["Pessoa 02", "Pessoa 01"]


async def test_r10_recusa_sem_ninguem_do_turno_avisa_que_os_outros_esperam(
    motor: Motor, convidar: Convidar
) -> None:
    tecnica = Conversa(motor, chat_id="900", canal="telegram")  # um canal que entrega depois
    await tecnica.comando("start", (await convidar("osc")).token)
    await encaminhar(motor.banco, 1, turno="tarde")
    await encaminhar(motor.banco, 2, primeira=2, turno="manha")
    tarde = await turma_da_tarde(motor.banco)
    [convocacao] = await convocar_direto(motor, tarde, 1)

    await pessoa(motor, 1).aperta(f"cmd:conv_nao {convocacao}")

    # a lista não acabou: quem quer manhã espera a turma da manhã, que ainda tem vagas
    [aviso] = await mensagens(motor.banco, tecnica.chat_id)
    assert aviso.texto == (
        "Turma T0T (Confeitaria): quem escolheu o turno desta turma já foi chamado e ainda "
        "há 15 vagas sem ninguém. Na lista ainda há 2 pessoas à espera da turma do próprio "
        "turno. Convoque primeiro essa turma; quando ela encher, a lista volta a servir aqui."
    )
    assert await chamadas(motor.banco, tarde) == ["Pessoa 01"]


@pytest.mark.parametrize(
    ("turnos", "vagas_manha"),
    [
        ("tmntm", 15),  # a manhã tem vaga: quem quer manhã espera
        ("tmntm", 0),  # a manhã lotou: quem quer manhã vem depois de quem quer tarde
        ("mmmnn", 15),
        ("ttttt", 15),
        ("nmtnm", 1),
    ],
)
async def test_r10_o_banco_chama_na_ordem_da_regra(
    motor: Motor, turnos: str, vagas_manha: int
) -> None:
    """A consulta (com SKIP LOCKED) chama exatamente na ordem de `chamar_r10`."""
    nome = {"m": "manha", "t": "tarde", "n": "noite"}
    lista = [(posicao, nome[t]) for posicao, t in enumerate(turnos, start=1)]
    for posicao, turno in lista:
        await encaminhar(motor.banco, 1, primeira=posicao, turno=turno)
    tarde = await turma_da_tarde(motor.banco)
    await capacidade(motor.banco, await id_da_turma(motor.banco, "T0"), vagas_manha)

    await convocar_direto(motor, tarde, 15)

    esperado = chamar_r10(ordem_r10("tarde", {"manha": vagas_manha, "tarde": 15}), lista)
    assert await chamadas(motor.banco, tarde) == [f"Pessoa {p:02d}" for p in esperado]
