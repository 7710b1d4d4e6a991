"""A chamada num canal que não edita mensagem (o WhatsApp, `mensagens.canais`).

No Telegram cada toque muda a MESMA mensagem. No WhatsApp cada resposta é uma mensagem
nova, e uma lista toca no máximo 10 opções. Então:

- turma que cabe numa lista (as pessoas + "Todos presentes" + "Concluir" [+ "Outro
  dia"] ≤ 10: até 8 pessoas, ou 7 com "Outro dia"): a lista de pessoas, para tocar;
- turma maior: as pessoas vão escritas, com o número de cada uma, e a instrutora digita
  ("faltaram 3 e 7"); "Todos presentes", "Concluir" (e "Outro dia") vêm como botões.

A lista inteira aparece ao abrir a chamada (e de novo na ajuda, ao voltar à conversa).
Depois de cada marca vem só uma mensagem curta: o que foi anotado e como a chamada está
("Até agora: 13 presentes, 2 faltas: 3 (Bruno C.) e 7 (Fábio N.)"). A instrutora real,
com a turma na frente, quer a confirmação do que mudou; repetir 25 nomes a cada "faltou
3" empurra a conversa para cima e esconde o que importa. Na lista tocável, as linhas da
mensagem curta já mostram as marcas novas.
"""

from __future__ import annotations

from fluxos.chamada import lista
from fluxos.passos import Pergunta
from mensagens.canais import opcoes_tocaveis
from mensagens.catalogo import texto
from mensagens.formatos import quantos

CURTA = "_curta"  # a próxima pergunta da lista é a resposta a uma marca: só o resumo


def cabe_tocando(canal: str, linhas: list[lista.Linha], outro_dia: bool) -> bool:
    limite = opcoes_tocaveis(canal)
    return limite is None or len(linhas) + len(lista.extras(outro_dia)) <= limite


def ate_agora(linhas: list[lista.Linha]) -> str:
    """ "Até agora: 13 presentes, 2 faltas: 3 (Bruno C.) e 7 (Fábio N.)." """
    faltas = [li for li in linhas if li.marca != lista.VEIO]
    if not faltas:
        return texto("chamada.ate_agora.todos", total=len(linhas))
    nomes = {li.numero: lista.nome_curto(li.nome) for li in faltas}
    return texto(
        "chamada.ate_agora",
        presentes=quantos(len(linhas) - len(faltas), "chamada_presente"),
        faltas=quantos(len(faltas), "falta"),
        quem=lista.pessoas([li.numero for li in faltas], nomes),
    )


def pergunta(
    cabeca: list[str], linhas: list[lista.Linha], outro_dia: bool, canal: str, curta: bool
) -> Pergunta:
    """A lista da chamada num canal sem edição: inteira ou, depois de uma marca, curta."""
    tocando = cabe_tocando(canal, linhas, outro_dia)
    opcoes = lista.opcoes(linhas, outro_dia) if tocando else lista.extras(outro_dia)
    if curta:
        return Pergunta(ate_agora(linhas), opcoes, numerar=False)
    if tocando:
        partes = [*cabeca, texto("chamada.lista.como")]
    else:
        escrita = "\n".join(lista.rotulo(linha) for linha in linhas)
        partes = [*cabeca, texto("chamada.lista.como_digitando"), "", escrita]
    return Pergunta("\n".join(partes), opcoes, numerar=False)
