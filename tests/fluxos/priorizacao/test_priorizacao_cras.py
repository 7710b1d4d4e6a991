"""R4: o técnico do CRAS prioriza a lista do seu território pela conversa: contagens,
lista em páginas com o motivo de cada posição, pôr de lado e trazer de volta, aprovar e
enviar (uma vez só), e cada OSC recebe o aviso com a planilha só das suas pessoas."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.banco import transacao
from armazenamento.modelos import (
    Afastamento,
    Auditoria,
    Encaminhamento,
    MembroEquipe,
    PreInscricao,
    Priorizacao,
)
from fluxos.motor import Motor
from mensagens.tipos import Saida
from tests.conversa import Conversa
from tests.fluxos.priorizacao.conftest import (
    ORDEM_EUROPA,
    Entrar,
    Relogio,
    Semente,
    abrir_planilha,
    aprovar_e_enviar,
    contar,
    envios,
)

NOMES_EUROPA = {
    "Ana": "Ana Lima",
    "Bruno": "Bruno Souza",
    "Carla": "Cacá Dias",  # o nome social, que ela pediu
    "Davi": "Davi Reis",
    "Eva": "Eva Prado",
    "Fabio": "Fabio Melo",
    "Gabi": "Gabi Nunes",
}
SITUACOES = ("situação de rua", "acolhimento", "isolamento", "violência", "deficiência")


def valor_cru(mensagem: Saida, rotulo: str) -> str:
    """O "cmd:…" de um botão, sem a versão da conversa: o que chega de um botão
    encaminhado, de um aviso da fila ou de alguém que digita o comando."""
    [valor] = [b.valor for b in mensagem.botoes if b.rotulo == rotulo]
    return valor.partition(".")[2]


def _posicoes(texto: str) -> list[str]:
    """Os primeiros nomes na ordem em que aparecem numa página da lista."""
    achados = [(texto.find(f". {nome},"), chave) for chave, nome in NOMES_EUROPA.items()]
    return [chave for posicao, chave in sorted(achados) if posicao >= 0]


async def _auditoria(banco: AsyncEngine) -> list[tuple[str, str]]:
    async with transacao(banco) as conexao:
        linhas = await conexao.execute(
            sa.select(Auditoria.acao, Auditoria.alvo).order_by(Auditoria.id)
        )
        return [(a, b) for a, b in linhas]


async def test_r4_contagens_por_curso_e_turno_sem_dado_pessoal(
    tecnica_europa: Conversa, motor: Motor
) -> None:
    saidas = await tecnica_europa.comando("priorizar")

    texto = saidas[-1].texto
    assert texto.startswith("CRAS Jardim Europa, ciclo 2027: 7 pré-inscrições.")
    assert "ainda podem chegar mais" in texto  # o período vai até 6 de fevereiro
    assert "Confeitaria: 3 (manhã 1, tarde 2)" in texto  # Bruno conta pela 2ª opção
    assert "Marcenaria: 2 (tarde 1, noite 1)" in texto
    assert "Corte e costura: 2 (manhã 1, noite 1)" in texto
    assert not any(nome in texto for nome in NOMES_EUROPA.values())
    assert tecnica_europa.rotulos == ["Ver lista"]  # aberto: ainda não dá para enviar
    assert await _auditoria(motor.banco) == []  # contagem não é dado pessoal


async def test_r4_lista_paginada_com_posicao_motivo_e_cpf_mascarado(
    tecnica_europa: Conversa, motor: Motor, semente: Semente
) -> None:
    await tecnica_europa.comando("priorizar")
    await tecnica_europa.toca("Ver lista")

    pagina1 = tecnica_europa.ultima.texto
    assert pagina1.startswith("Lista do CRAS Jardim Europa, 1 a 5 de 7.")
    assert _posicoes(pagina1) == ORDEM_EUROPA[:5]
    assert (
        "1. Bruno Souza, 27 anos, Vila Falcão. Marcenaria e Confeitaria, tarde. "
        "CPF ***.982.247-**.\nMotivo: 2 pontos: acolhimento (V) e situação de rua (X)."
    ) in pagina1
    assert "3. Cacá Dias, 28 anos, Jardim Bela Vista." in pagina1
    assert "Carla" not in pagina1  # quem tem nome social é chamada por ele
    assert "Motivo: 1 ponto: isolamento (I)." in pagina1
    assert "5. Ana Lima" in pagina1
    assert "Motivo: sem situação prioritária; por ordem de inscrição." in pagina1
    assert "52998224725" not in pagina1 and "529.982.247-25" not in pagina1
    assert tecnica_europa.rotulos == [
        *(f"Pôr de lado {n}" for n in range(1, 6)),
        "Ver mais",
        "Resumo",
    ]

    await tecnica_europa.toca("Ver mais")

    pagina2 = tecnica_europa.ultima.texto
    assert pagina2.startswith("Lista do CRAS Jardim Europa, 6 a 7 de 7.")
    assert _posicoes(pagina2) == ORDEM_EUROPA[5:]
    assert "6. Davi Reis, 28 anos, Jardim Europa. Informática básica, manhã. sem CPF." in pagina2
    assert "Ver mais" not in tecnica_europa.rotulos
    cras = str(semente.cras["Europa"])
    assert await _auditoria(motor.banco) == [("priorizacao.lista", cras)] * 2


async def test_r4_por_de_lado_com_motivo_e_trazer_de_volta(
    tecnica_europa: Conversa, motor: Motor, semente: Semente
) -> None:
    await tecnica_europa.comando("priorizar")
    await tecnica_europa.toca("Ver lista")
    await tecnica_europa.toca("Pôr de lado 2")
    assert tecnica_europa.ultima.texto.startswith("Por que Gabi Nunes fica de lado?")
    assert tecnica_europa.rotulos == [
        "Fora do perfil",
        "Já participa",
        "Sem contato",
        "Mudou de território",
        "Desistiu",
        "Voltar à lista",
    ]

    await tecnica_europa.toca("Sem contato")

    texto = tecnica_europa.ultima.texto
    assert texto.startswith("Gabi Nunes ficou de lado: sem contato.")
    assert "1 a 5 de 6" in texto and "Gabi" not in texto.split("\n", 1)[1]
    assert _posicoes(texto) == [n for n in ORDEM_EUROPA if n != "Gabi"][:5]
    async with transacao(motor.banco) as conexao:
        motivo = (await conexao.execute(sa.select(Afastamento.motivo))).scalar_one()
    assert motivo == "sem_contato"  # código, nunca relato livre

    await tecnica_europa.toca("Resumo")
    assert "Postas de lado: 1." in tecnica_europa.ultima.texto
    await tecnica_europa.toca("Postas de lado")
    assert "1. Gabi Nunes, 24 anos, Jardim Europa." in tecnica_europa.ultima.texto
    assert "De lado: sem contato." in tecnica_europa.ultima.texto

    await tecnica_europa.toca("Trazer de volta 1")

    assert tecnica_europa.ultima.texto.startswith("Gabi Nunes voltou para a lista.")
    assert "Ninguém de lado no CRAS Jardim Europa." in tecnica_europa.ultima.texto
    assert await contar(motor.banco, "afastamento") == 0
    await tecnica_europa.toca("Ver lista")
    assert _posicoes(tecnica_europa.ultima.texto) == ORDEM_EUROPA[:5]


async def test_r4_com_a_preinscricao_aberta_a_lista_nao_e_enviada(
    tecnica_europa: Conversa, motor: Motor, semente: Semente
) -> None:
    await tecnica_europa.comando("priorizar")
    await tecnica_europa.toca("Ver lista")
    assert "Aprovar e enviar" not in tecnica_europa.rotulos

    saidas = await tecnica_europa.aperta(f"cmd:priorizar_aprovar {semente.cras['Europa']}")

    assert "só pode ser enviada depois" in saidas[-1].texto
    assert "6 de fevereiro" in saidas[-1].texto
    await tecnica_europa.aperta(f"cmd:priorizar_enviar {semente.cras['Europa']} 1 7")
    assert await contar(motor.banco, "encaminhamento") == 0
    assert await contar(motor.banco, "envio") == 0


async def test_r4_aprovar_e_enviar_manda_a_cada_osc_so_a_sua_gente(
    tecnica_europa: Conversa, motor: Motor, semente: Semente, relogio: Relogio, entrar: Entrar
) -> None:
    esperanca = semente.osc["Esperança"]
    ana = await entrar("osc", "7001", canal="telegram", osc_id=esperanca)
    await entrar("osc", "7002", canal="telegram", osc_id=esperanca)
    await entrar("osc", "7003", canal="web", osc_id=esperanca)  # o chat do site não recebe aviso
    await entrar("osc", "7004", canal="telegram", osc_id=esperanca)
    async with transacao(motor.banco) as conexao:  # a 4ª saiu da equipe
        await conexao.execute(
            sa.update(MembroEquipe)
            .where(MembroEquipe.chat_id == "7004")
            .values(revogado_em=relogio.agora)
        )
    await tecnica_europa.comando("priorizar")
    await tecnica_europa.toca("Ver lista")
    await tecnica_europa.toca("Pôr de lado 2")
    await tecnica_europa.toca("Desistiu")  # Gabi fica fora
    relogio.fechar()

    await tecnica_europa.comando("priorizar")
    assert "ainda podem chegar" not in tecnica_europa.ultima.texto
    await tecnica_europa.toca("Aprovar e enviar")

    confirmacao = tecnica_europa.ultima.texto
    assert confirmacao.startswith(
        "Enviar a lista do CRAS Jardim Europa (ciclo 2027), com 6 pessoas?"
    )
    assert "Instituto Aurora: 2 pessoas (Marcenaria 2)." in confirmacao
    assert (
        "Instituto Esperança: 5 pessoas (Confeitaria 3, Corte e costura 1, Informática básica 1)."
        in confirmacao
    )
    assert "Ficam de lado: 1." in confirmacao
    assert tecnica_europa.rotulos == ["Enviar", "Voltar à lista"]

    await tecnica_europa.toca("Enviar")

    feito = tecnica_europa.ultima.texto
    assert feito.startswith("Pronto! A lista do CRAS Jardim Europa foi enviada: 6 pessoas.")
    assert "Instituto Esperança: 5 pessoas. O aviso e a planilha já foram" in feito
    assert (
        "A OSC Instituto Aurora ainda não tem ninguém no chat: ela verá a lista quando entrar."
        in feito
    )
    fila = await envios(motor.banco)
    assert [(canal, chat) for canal, chat, _, _ in fila] == [
        ("telegram", "7001"),
        ("telegram", "7002"),
    ]
    _, _, chave, aviso = fila[0]
    assert chave.startswith("priorizacao:1:osc:") and chave.endswith(f":membro:{2}")
    assert aviso.texto.startswith(
        "Chegou a lista do CRAS Jardim Europa para Instituto Esperança (ciclo 2027): 5 pessoas."
    )
    assert "Confeitaria: 3" in aviso.texto
    assert not any(s in aviso.texto for s in SITUACOES)
    assert aviso.anexo is not None and aviso.anexo.nome.endswith(".xlsx")
    assert fila[1][3].anexo == aviso.anexo

    linhas = abrir_planilha(aviso.anexo.dados)
    assert [(x["Curso"], x["Posição"], x["Nome"]) for x in linhas] == [
        ("Confeitaria", 1, "Bruno Souza"),
        ("Confeitaria", 3, "Eva Prado"),
        ("Confeitaria", 4, "Ana Lima"),
        ("Corte e costura", 2, "Carla Dias"),
        ("Informática básica", 5, "Davi Reis"),
    ]
    assert list(linhas[0]) == [
        "Posição",
        "Nome",
        "Nome social",
        "Data de nascimento",
        "Idade",
        "Menor de 18",
        "Telefone",
        "Bairro",
        "Escolaridade",
        "Curso",
        "Opção",
        "Turno preferido",
        "Protocolo",
        "CPF",
    ]
    bruno = linhas[0]
    assert (bruno["Telefone"], bruno["Bairro"], bruno["Turno preferido"]) == (
        "(14) 99123-4509",
        "Vila Falcão",
        "Tarde",
    )
    assert (
        bruno["CPF"] == "***.982.247-**"
        and bruno["Protocolo"] == f"2027-{semente.pre['Bruno']:06d}"
    )
    assert linhas[3]["Nome social"] == "Cacá Dias"
    assert linhas[4]["CPF"] == "sem CPF"
    celulas = " ".join(str(v) for linha in linhas for v in linha.values())
    assert "Marcenaria" not in celulas and "Fabio" not in celulas and "Gabi" not in celulas
    assert not any(s in celulas.lower() for s in SITUACOES)
    assert "52998224725" not in celulas

    async with transacao(motor.banco) as conexao:
        lista = (await conexao.execute(sa.select(Priorizacao))).one()
        encaminhados = (
            await conexao.execute(
                sa.select(
                    Encaminhamento.preinscricao_id, Encaminhamento.curso_id, Encaminhamento.posicao
                )
            )
        ).all()
        situacoes = dict(
            (await conexao.execute(sa.select(PreInscricao.id, PreInscricao.situacao))).all()
        )
        tecnica_id = (
            await conexao.execute(sa.select(MembroEquipe.id).where(MembroEquipe.chat_id == "901"))
        ).scalar_one()
    assert (lista.situacao, lista.aprovada_por) == ("enviada", tecnica_id)
    assert lista.enviada_em is not None
    pre, cursos = semente.pre, semente.cursos
    assert sorted(encaminhados) == sorted(
        [
            (pre["Bruno"], cursos["Marcenaria"], 1),
            (pre["Bruno"], cursos["Confeitaria"], 1),
            (pre["Carla"], cursos["Corte e costura"], 2),
            (pre["Eva"], cursos["Confeitaria"], 3),
            (pre["Ana"], cursos["Confeitaria"], 4),
            (pre["Davi"], cursos["Informática básica"], 5),
            (pre["Fabio"], cursos["Marcenaria"], 6),
        ]
    )
    # quem ficou de lado vê "na lista de espera"
    assert situacoes[pre["Bruno"]] == "aprovada" and situacoes[pre["Gabi"]] == "reserva"
    assert situacoes[pre["Hugo"]] == "recebida"  # outro CRAS: não é desta lista
    assert ("priorizacao.envio", str(lista.id)) in await _auditoria(motor.banco)
    assert ana.ouvidas  # ela está no chat; o aviso chega pela fila


async def test_r4_aprovar_duas_vezes_envia_uma(
    tecnica_europa: Conversa, motor: Motor, semente: Semente, relogio: Relogio, entrar: Entrar
) -> None:
    await entrar("osc", "7001", canal="telegram", osc_id=semente.osc["Esperança"])
    relogio.fechar()
    await tecnica_europa.aperta(f"cmd:priorizar_aprovar {semente.cras['Europa']}")
    confirmacao = tecnica_europa.ultima
    await tecnica_europa.toca("Enviar")
    antes = (await contar(motor.banco, "envio"), await contar(motor.banco, "encaminhamento"))

    # o mesmo botão de novo: o motor já o reconhece como antigo; e o valor do botão
    # (encaminhado, digitado como comando) é revalidado pelo próprio comando
    saidas = await tecnica_europa.toca("Enviar", em=confirmacao)
    assert "mensagem antiga" in saidas[-1].texto
    saidas = await tecnica_europa.aperta(valor_cru(confirmacao, "Enviar"))

    assert "já foi enviada" in saidas[-1].texto and "Nada mudou." in saidas[-1].texto
    await tecnica_europa.aperta(f"cmd:priorizar_aprovar {semente.cras['Europa']}")
    assert "já foi enviada" in tecnica_europa.ultima.texto
    assert (
        await contar(motor.banco, "envio"),
        await contar(motor.banco, "encaminhamento"),
    ) == antes
    assert await contar(motor.banco, "priorizacao") == 1


async def test_r4_duas_aprovacoes_ao_mesmo_tempo_enviam_uma_vez(
    tecnica_europa: Conversa, motor: Motor, semente: Semente, relogio: Relogio, entrar: Entrar
) -> None:
    colega = await entrar("cras", "902", cras_id=semente.cras["Europa"])
    await entrar("osc", "7001", canal="telegram", osc_id=semente.osc["Esperança"])
    await entrar("osc", "7002", canal="telegram", osc_id=semente.osc["Aurora"])
    relogio.fechar()
    for t in (tecnica_europa, colega):
        await t.aperta(f"cmd:priorizar_aprovar {semente.cras['Europa']}")

    respostas = await asyncio.gather(tecnica_europa.toca("Enviar"), colega.toca("Enviar"))

    finais = sorted(r[-1].texto.split(" ", 1)[0] for r in respostas)
    assert finais == ["A", "Pronto!"]  # "A lista ... já foi enviada"
    assert sum("já foi enviada" in r[-1].texto for r in respostas) == 1
    assert await contar(motor.banco, "priorizacao") == 1
    assert await contar(motor.banco, "encaminhamento") == 9  # 7 pessoas, 2 com 2 cursos
    assert sorted(chat for _, chat, _, _ in await envios(motor.banco)) == ["7001", "7002"]


async def test_r4_botoes_antigos_depois_do_envio_nao_mudam_nada(
    tecnica_europa: Conversa, motor: Motor, semente: Semente, relogio: Relogio
) -> None:
    await tecnica_europa.comando("priorizar")
    await tecnica_europa.toca("Ver lista")
    pagina = tecnica_europa.ultima
    await tecnica_europa.toca("Pôr de lado 1")
    motivos = tecnica_europa.ultima
    await tecnica_europa.toca("Fora do perfil")  # Bruno de lado
    await tecnica_europa.toca("Resumo")
    await tecnica_europa.toca("Postas de lado")
    trazer = tecnica_europa.ultima
    relogio.fechar()
    await aprovar_e_enviar(tecnica_europa, semente.cras["Europa"])
    antes = (await contar(motor.banco, "afastamento"), await contar(motor.banco, "encaminhamento"))

    for mensagem, rotulo in [
        (pagina, "Pôr de lado 2"),
        (motivos, "Sem contato"),
        (trazer, "Trazer de volta 1"),
    ]:
        saidas = await tecnica_europa.toca(rotulo, em=mensagem)
        assert "mensagem antiga" in saidas[-1].texto, rotulo
        saidas = await tecnica_europa.aperta(valor_cru(mensagem, rotulo))
        assert "já foi enviada" in saidas[-1].texto, rotulo

    assert (
        await contar(motor.banco, "afastamento"),
        await contar(motor.banco, "encaminhamento"),
    ) == antes
    await tecnica_europa.comando("priorizar")
    assert (
        "Lista enviada às OSCs em quarta-feira, 10 de fevereiro, 12h."
        in tecnica_europa.ultima.texto
    )
    assert "Aprovar e enviar" not in tecnica_europa.rotulos
    await tecnica_europa.toca("Ver lista")
    assert tecnica_europa.ultima.texto.startswith(
        "Lista enviada do CRAS Jardim Europa, 1 a 5 de 6."
    )
    assert _posicoes(tecnica_europa.ultima.texto) == ORDEM_EUROPA[1:6]
    assert not [r for r in tecnica_europa.rotulos if r.startswith("Pôr de lado")]


async def test_r4_lista_que_mudou_depois_da_confirmacao_pede_confirmar_de_novo(
    tecnica_europa: Conversa, motor: Motor, semente: Semente, relogio: Relogio, entrar: Entrar
) -> None:
    colega = await entrar("cras", "902", cras_id=semente.cras["Europa"])
    relogio.fechar()
    await tecnica_europa.aperta(f"cmd:priorizar_aprovar {semente.cras['Europa']}")
    confirmacao = tecnica_europa.ultima
    await colega.aperta(f"cmd:priorizar_lado {semente.pre['Ana']} 1 ja_participa")

    saidas = await tecnica_europa.toca("Enviar", em=confirmacao)

    assert saidas[-1].texto.startswith("A lista mudou desde a confirmação. Confira de novo.")
    assert "com 6 pessoas?" in saidas[-1].texto
    assert await contar(motor.banco, "encaminhamento") == 0
    await tecnica_europa.toca("Enviar")
    assert tecnica_europa.ultima.texto.startswith("Pronto!")
