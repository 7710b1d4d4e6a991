"""/buscar (R24): o CRAS, a OSC e a gestão acham uma pessoa pelo nome (sem acento, em
parte, maiúsculas tanto faz), pelo protocolo ou pelo CPF, só dentro do escopo; fora dele
a resposta é a mesma de quem não existe. Cada busca fica na auditoria sem o termo, e o
CPF aparece mascarado."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Auditoria, Ciclo, Matricula, PreInscricao, Turma
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.priorizacao.conftest import (
    Entrar,
    Relogio,
    Semente,
    aprovar_e_enviar,
)

NAO = "Não encontrado."


async def _nova_pessoa(
    motor: Motor, semente: Semente, nome: str, cras: str = "Europa", curso: str = "Confeitaria"
) -> int:
    async with transacao(motor.banco) as c:
        ciclo = (await c.execute(sa.select(Ciclo.id))).scalar_one()
        pre = await c.execute(
            sa.insert(PreInscricao)
            .values(
                ciclo_id=ciclo,
                nome=nome,
                nascimento=date(1985, 5, 5),
                cpf=None,
                telefone="14997776655",
                cras_id=semente.cras[cras],
                curso1_id=semente.cursos[curso],
                turno="manha",
                escolaridade="fundamental_completo",
                aviso_versao="1",
                criada_em=datetime(2027, 1, 9, 12, tzinfo=UTC),
            )
            .returning(PreInscricao.id)
        )
        return int(pre.scalar_one())


@pytest.fixture
async def mundo(
    entrar: Entrar, semente: Semente, relogio: Relogio, motor: Motor
) -> dict[str, Conversa]:
    """A lista do CRAS Jardim Europa enviada às OSCs; o Hugo (do CRAS Nova Esperança)
    matriculado na turma de Marcenaria do Instituto Aurora; uma conversa por papel."""
    semente.pre["João"] = await _nova_pessoa(motor, semente, "João da Silva Götz")
    europa = await entrar("cras", "901", cras_id=semente.cras["Europa"])
    relogio.fechar()
    await aprovar_e_enviar(europa, semente.cras["Europa"])
    async with transacao(motor.banco) as c:
        t9 = (await c.execute(sa.select(Turma.id).where(Turma.codigo == "T9"))).scalar_one()
        await c.execute(
            sa.insert(Matricula).values(
                turma_id=t9, preinscricao_id=semente.pre["Hugo"], criada_em=relogio.agora
            )
        )
    return {
        "cras_europa": europa,
        "cras_esperanca": await entrar("cras", "902", cras_id=semente.cras["Esperança"]),
        "osc_aurora": await entrar("osc", "903", osc_id=semente.osc["Aurora"]),
        "osc_esperanca": await entrar("osc", "904", osc_id=semente.osc["Esperança"]),
        "gestao": await entrar("gestao", "905"),
    }


async def _buscar(conversa: Conversa, termo: str) -> str:
    """Toca em "Buscar" no menu, escreve o termo e devolve o que ouviu."""
    await conversa.comando("cancelar")  # se ficou no meio de uma busca de muitas telas
    await conversa.comando("menu")
    await conversa.toca("Buscar")
    assert conversa.ultima.texto.startswith("Quem você procura?")
    return (await conversa.diz(termo))[-1].texto


CASOS = [
    # papel, o que digita, quem acha (vazio: "Não encontrado.")
    ("cras_europa", "joao da sil", ["João da Silva Götz"]),
    ("cras_europa", "JOÃO DA SILVA GOTZ", ["João da Silva Götz"]),
    ("cras_europa", "joao gotz", ["João da Silva Götz"]),
    ("cras_europa", "cacá", ["Cacá Dias"]),  # o nome social também
    ("cras_europa", "hugo", []),  # de outro território
    ("cras_esperanca", "hugo alves", ["Hugo Alves"]),
    ("cras_esperanca", "joao", []),
    ("osc_aurora", "bruno", ["Bruno Souza"]),  # encaminhado a ela (Marcenaria)
    ("osc_aurora", "hugo", ["Hugo Alves"]),  # matriculado na turma dela
    ("osc_aurora", "ana lima", []),  # só Confeitaria: não é dela
    ("osc_esperanca", "fabio", []),  # só Marcenaria: não é dela
    ("osc_esperanca", "ana", ["Ana Lima"]),
    ("gestao", "hugo", ["Hugo Alves"]),
    ("gestao", "zzzz", []),
    ("cras_europa", "{Ana}", ["Ana Lima"]),
    ("cras_europa", "2027-{Ana:06d}", ["Ana Lima"]),
    ("cras_europa", "2027{Ana:06d}", ["Ana Lima"]),
    ("cras_europa", "2026-{Ana:06d}", []),  # o protocolo é de 2027
    ("cras_europa", "2027-{Hugo:06d}", []),
    ("gestao", "2027-{Hugo:06d}", ["Hugo Alves"]),
    ("cras_europa", "111.444.777-35", ["Ana Lima"]),
    ("cras_europa", "11144477735", ["Ana Lima"]),
    ("osc_aurora", "111.444.777-35", []),
    ("osc_aurora", "529.982.247-25", ["Bruno Souza"]),
    ("gestao", "000.000.001-91", []),
]


@pytest.mark.parametrize(("papel", "termo", "achados"), CASOS)
async def test_r24_busca_por_papel_e_alvo(
    mundo: dict[str, Conversa], semente: Semente, papel: str, termo: str, achados: list[str]
) -> None:
    resposta = await _buscar(mundo[papel], termo.format(**semente.pre))

    if not achados:
        assert resposta.startswith(NAO), resposta
        assert resposta == await _buscar(mundo["gestao"], "ninguem com este nome")
        return
    assert resposta.startswith(f"Achei estas pessoas (1 a {len(achados)} de {len(achados)}):")
    for nome in achados:
        assert nome in resposta


async def test_r24_busca_grava_auditoria_sem_o_termo_e_mostra_cpf_mascarado(
    mundo: dict[str, Conversa], semente: Semente, motor: Motor
) -> None:
    async with transacao(motor.banco) as c:
        antes = int((await c.execute(sa.select(sa.func.max(Auditoria.id)))).scalar_one())

    resposta = await _buscar(mundo["cras_europa"], "111.444.777-35")
    await _buscar(mundo["cras_europa"], "ana lima")
    await _buscar(mundo["cras_europa"], "{}".format(semente.pre["Ana"]))

    assert "CPF ***.444.777-**" in resposta and "11144477735" not in resposta
    async with transacao(motor.banco) as c:
        linhas = (
            await c.execute(
                sa.select(Auditoria.acao, Auditoria.alvo)
                .where(Auditoria.id > antes)
                .order_by(Auditoria.id)
            )
        ).all()
    ana = str(semente.pre["Ana"])
    assert linhas == [
        ("busca.cpf", "1"),
        ("busca.resultado", ana),
        ("busca.nome", "1"),
        ("busca.resultado", ana),
        ("busca.protocolo", "1"),
        ("busca.resultado", ana),
    ]


@pytest.mark.parametrize("termo", ["a", "jo", "J.", "😀😀", "...", "ab 12"])
async def test_termo_curto_pede_mais(mundo: dict[str, Conversa], termo: str) -> None:
    resposta = await _buscar(mundo["gestao"], termo)

    assert resposta.startswith("Escreva pelo menos 3 letras do nome, o protocolo ou o CPF.")
    assert "Quem você procura?" in resposta  # e continua esperando o termo


async def test_muitos_achados_em_telas_com_mais(
    mundo: dict[str, Conversa], semente: Semente, motor: Motor
) -> None:
    for i in range(7):
        await _nova_pessoa(motor, semente, f"Maria Aparecida {chr(65 + i)}")
    gestao = mundo["gestao"]

    primeira = await _buscar(gestao, "maria apar")

    assert primeira.startswith("Achei estas pessoas (1 a 5 de 7):")
    assert gestao.rotulos == [
        *(f"Ver {n}" for n in range(1, 6)),
        "Ver mais",
        "Nova busca",
        "Sair da busca",
    ]
    await gestao.toca("Ver mais")
    assert gestao.ultima.texto.startswith("Achei estas pessoas (6 a 7 de 7):")
    assert "7. Maria Aparecida G." in gestao.ultima.texto
    await gestao.diz("7")  # o número da lista escolhe a pessoa
    assert gestao.ultima.texto.startswith("Maria Aparecida G, protocolo 2027-")


async def test_cada_achado_leva_a_situacao_que_o_papel_pode_ver(
    mundo: dict[str, Conversa], semente: Semente
) -> None:
    aurora, europa = mundo["osc_aurora"], mundo["cras_europa"]

    await _buscar(aurora, "bruno souza")
    await aurora.toca("Ver 1")
    da_osc = aurora.ultima.texto
    await _buscar(europa, "bruno souza")
    await europa.toca("Ver 1")
    do_cras = europa.ultima.texto

    protocolo = f"2027-{semente.pre['Bruno']:06d}"
    assert da_osc.startswith(f"Bruno Souza, protocolo {protocolo}.")
    assert "Pré-inscrição 2027: aprovada pelo CRAS" in da_osc
    assert "Cursos: Marcenaria (1ª opção). Turno: tarde." in da_osc  # só o curso dela
    assert "Confeitaria" not in da_osc
    assert "Telefone: (14) 99123-4509." in da_osc  # a OSC liga para a pessoa
    assert "Cursos: Marcenaria (1ª opção), Confeitaria (2ª opção)." in do_cras
    assert "Telefone" not in do_cras and "99123" not in do_cras
    for texto in (da_osc, do_cras):
        assert "***.982.247-**" in texto and "52998224725" not in texto
        assert "situação de rua" not in texto.lower()  # R2 sigiloso
    # sempre um caminho adiante; e o código de vínculo novo para a pessoa (R3)
    assert europa.rotulos == ["Novo código", "Nova busca", "Menu"]
    await europa.toca("Nova busca")
    assert europa.ultima.texto.startswith("Quem você procura?")
    await europa.toca("Sair da busca")
    assert europa.ultima.texto.startswith("Pronto, busca encerrada.")
    assert "Buscar" in europa.rotulos  # de volta ao menu


async def test_osc_ve_a_matricula_na_turma_dela(
    mundo: dict[str, Conversa], semente: Semente
) -> None:
    aurora = mundo["osc_aurora"]

    await _buscar(aurora, "hugo")
    await aurora.toca("Ver 1")

    ficha = aurora.ultima.texto
    assert "T9 (Marcenaria, noite): matriculada." in ficha
    assert "Confeitaria" not in ficha and "Cursos" not in ficha  # escolheu o de outra OSC
    assert "Turno: tarde. Estudo: Médio completo." in ficha
    assert "sem CPF." in ficha


async def test_buscar_com_o_termo_no_comando(mundo: dict[str, Conversa]) -> None:
    saidas = await mundo["cras_europa"].comando("buscar", "joao da sil")

    assert saidas[-1].texto.startswith("Achei estas pessoas (1 a 1 de 1):")
    assert "João da Silva Götz" in saidas[-1].texto


async def test_r24_botao_forjado_de_outra_pessoa_nao_encontrado(
    mundo: dict[str, Conversa], semente: Semente, motor: Motor
) -> None:
    europa = mundo["cras_europa"]
    async with transacao(motor.banco) as c:
        antes = int(
            (await c.execute(sa.select(sa.func.count()).select_from(Auditoria))).scalar_one()
        )

    fora = await europa.aperta(f"cmd:buscar_ver {semente.pre['Hugo']}")  # de outro território
    nada = await europa.aperta("cmd:buscar_ver 99999")
    lixo = await europa.aperta("cmd:buscar_ver 1; DROP TABLE preinscricao")

    assert [s.texto for s in fora] == [s.texto for s in nada] == [s.texto for s in lixo] == [NAO]
    async with transacao(motor.banco) as c:
        depois = int(
            (await c.execute(sa.select(sa.func.count()).select_from(Auditoria))).scalar_one()
        )
    assert depois == antes  # nada foi lido, nada a registrar


async def test_entrada_ruim_no_meio_da_busca_nao_muda_nada(
    mundo: dict[str, Conversa], semente: Semente, motor: Motor
) -> None:
    for i in range(7):
        await _nova_pessoa(motor, semente, f"Maria Aparecida {chr(65 + i)}")
    gestao = mundo["gestao"]
    await _buscar(gestao, "maria")
    tela = gestao.ultima

    midia = await gestao.envia_midia("foto")
    longo = await gestao.diz("maria " * 11_000)
    antigo = await gestao.aperta("1.ver 1")

    for saidas in (midia, longo):
        assert saidas[-1].texto.endswith(tela.texto)  # explica e mostra a mesma tela
    assert "antiga" in antigo[-1].texto.lower()
    await gestao.toca("Ver mais")
    assert gestao.ultima.texto.startswith("Achei estas pessoas (6 a 7 de 7):")


@pytest.mark.parametrize("como", ["comando", "digitado"])
async def test_cancelar_a_busca_volta_ao_menu_da_equipe(
    mundo: dict[str, Conversa], como: str
) -> None:
    """A equipe que cancela (ou toca em "Começar de novo") cai no seu menu, não num
    "escreva oi" sem botões."""
    osc = mundo["osc_aurora"]
    await osc.comando("menu")
    await osc.toca("Buscar")
    await (osc.comando("cancelar") if como == "comando" else osc.diz("cancelar"))

    assert osc.ultima.texto.startswith("Tudo bem, parei.")
    assert "Buscar" in osc.rotulos
