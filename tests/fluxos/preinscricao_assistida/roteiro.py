"""O caminho da pré-inscrição assistida, passo a passo, como a equipe faz."""

from __future__ import annotations

from tests.conversa import Conversa


async def ate_o_resumo(
    quem: Conversa,
    nome: str = "Ana Beatriz Rocha",
    nascimento: str = "12/05/1990",
    cpf: str | None = None,
    telefone: str | None = None,
) -> None:
    """Da pergunta do aviso até o resumo (a equipe já está no aviso)."""
    await quem.toca("A pessoa concorda")
    await quem.diz(nome)
    await quem.toca("Não usa")
    await quem.diz(nascimento)
    if cpf is None:
        await quem.toca("Não tem CPF")
    else:
        await quem.diz(cpf)
    if telefone is None:
        await quem.toca("Não tem telefone")
    else:
        await quem.diz(telefone)
    await quem.diz("vila falcão")
    await quem.toca("Pular")
    await quem.toca("Corte e costura")
    await quem.toca("Só esse")
    await quem.toca("Manhã")
    await quem.toca("Fundamental completo")
