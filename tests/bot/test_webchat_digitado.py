"""O chat web com respostas digitadas e o comando `cancelar` (que o botão "Começar de novo"
da página manda): apagar as respostas pede confirmação antes (issue 8, item 2)."""

from __future__ import annotations

from mensagens.catalogo import texto
from tests.bot.test_webchat_preinscricao import (  # noqa: F401  (fixture cliente)
    Cliente,
    PessoaWeb,
    Sessoes,
    ate_o_nome,
    cliente,
    do_nome_ao_resumo,
    preinscricoes,
)


async def test_cancelar_pela_pagina_pergunta_e_nao_continua_sem_perder_nada(
    cliente: Cliente,
    sessoes: Sessoes,
) -> None:
    maria = PessoaWeb(cliente)
    await ate_o_nome(maria)
    await do_nome_ao_resumo(maria, "Maria Aparecida da Silva")

    [pergunta] = await maria.pede(tipo="comando", comando="cancelar")

    assert pergunta["texto"] == texto("escolhas.cancelar.pergunta")
    assert maria.rotulos == ["Sim, apagar", "Não, continuar"]
    await maria.toca("Não, continuar")
    assert "Maria Aparecida da Silva" in maria.ultima["texto"]
    pronto, *_ = await maria.diz("sim")  # "sim" digitado no "Está tudo certo?"
    assert pronto["texto"].startswith("Pronto! Sua pré-inscrição foi feita.")
    assert len(await preinscricoes(sessoes)) == 1


async def test_cancelar_pela_pagina_e_sim_apaga(
    cliente: Cliente,
    sessoes: Sessoes,
) -> None:
    maria = PessoaWeb(cliente)
    await ate_o_nome(maria)
    await do_nome_ao_resumo(maria, "Maria Aparecida da Silva")
    await maria.pede(tipo="comando", comando="cancelar")

    [apagou] = await maria.diz("sim")

    assert apagou["texto"] == texto("comum.cancelado")
    await maria.diz("oi")
    assert maria.ultima["texto"].startswith("Olá! Aqui você faz a pré-inscrição")
    assert await preinscricoes(sessoes) == []
