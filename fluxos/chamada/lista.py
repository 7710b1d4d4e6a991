"""A lista da chamada numa mensagem só: as marcas de cada pessoa, o texto e os botões.

As marcas vivem no estado da conversa (`dados`) até o "Concluir": `_ordem` (as
matrículas na ordem em que a lista as numerou; quem entra depois vai para o fim, e o
número de quem ficou não muda) e `_marcas` (só o que o instrutor mudou). O que não foi
mudado vem do banco: a marca já guardada (corrigir a chamada) ou a falta avisada pelo
"Não vou poder"; sem nada, presente (toca-se em quem faltou).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from armazenamento.chamadas import FALTA, JUSTIFICADA, PRESENTE, AlunoDaChamada
from fluxos.passos import Opcao
from mensagens.catalogo import texto
from mensagens.formatos import quantos, rotulo_de_botao

ROTULO = 20  # cabe num celular de 360 px, um botão por linha
VEIO, FALTOU, AVISOU = "p", "f", "j"
SITUACAO = {VEIO: PRESENTE, FALTOU: FALTA, AVISOU: JUSTIFICADA}
_DA_SITUACAO = {v: k for k, v in SITUACAO.items()}
ORDEM, MARCAS = "_ordem", "_marcas"
TODOS, CONCLUIR, OUTRO = "todos", "concluir", "outro"


@dataclass(frozen=True, slots=True)
class Linha:
    """Uma pessoa na lista: o número que ela tem, a matrícula, o nome e a marca de agora.
    `avisou`: a falta dela está justificada no banco (o "Não vou poder" ou uma chamada
    anterior); desmarcar a presença volta para a falta avisada, não para a falta."""

    numero: int
    matricula_id: int
    nome: str
    marca: str
    avisou: bool


def _padrao(aluno: AlunoDaChamada) -> str:
    return _DA_SITUACAO.get(aluno.marca or "", VEIO)


def montar(dados: dict[str, Any], alunos: Iterable[AlunoDaChamada]) -> list[Linha]:
    """As linhas da lista, na ordem dos números. Quem saiu da turma some (o número dele
    fica vago); quem entrou ganha o próximo número (e fica guardado em `dados`)."""
    ordem: list[int] = dados.setdefault(ORDEM, [])
    por_id = {a.matricula_id: a for a in alunos}
    ordem.extend(m for m in por_id if m not in ordem)
    marcas: dict[str, str] = dados.get(MARCAS, {})
    linhas = []
    for numero, matricula_id in enumerate(ordem, 1):
        aluno = por_id.get(matricula_id)
        if aluno is None:
            continue
        marca = marcas.get(str(matricula_id), _padrao(aluno))
        avisou = aluno.marca == JUSTIFICADA
        linhas.append(Linha(numero, matricula_id, aluno.nome, marca, avisou))
    return linhas


def marcar(dados: dict[str, Any], linha: Linha, marca: str) -> None:
    dados.setdefault(MARCAS, {})[str(linha.matricula_id)] = marca


def alternar(dados: dict[str, Any], linha: Linha) -> None:
    """O toque: quem veio passa a ter faltado (avisada, se avisou); quem faltou, veio."""
    if linha.marca == VEIO:
        marcar(dados, linha, AVISOU if linha.avisou else FALTOU)
    else:
        marcar(dados, linha, VEIO)


def faltaram(dados: dict[str, Any], linhas: list[Linha], numeros: Iterable[int]) -> None:
    """ "faltaram 3 e 7": esses faltaram; os outros vieram, menos quem avisou e continua
    marcado com a falta avisada (quem digita conta quem mais faltou)."""
    escolhidos = set(numeros)
    for linha in linhas:
        if linha.numero in escolhidos:
            marcar(dados, linha, AVISOU if linha.avisou else FALTOU)
        elif linha.marca != AVISOU:
            marcar(dados, linha, VEIO)


def todos_presentes(dados: dict[str, Any], linhas: list[Linha]) -> None:
    for linha in linhas:
        marcar(dados, linha, VEIO)


def nome_curto(nome: str) -> str:
    """ "Maria Aparecida da Silva" → "Maria S." (primeiro nome e inicial do último)."""
    partes = nome.split()
    if len(partes) < 2:
        return nome.strip()
    return f"{partes[0]} {partes[-1][0].upper()}."


def rotulo(linha: Linha) -> str:
    """ "3 ❌ Maria S.": número, marca e nome, em até 20 caracteres."""
    comeco = f"{linha.numero} {texto(f'chamada.marca.{linha.marca}')} "
    return comeco + rotulo_de_botao(nome_curto(linha.nome), ROTULO - len(comeco), pessoa=True)


def opcoes(linhas: list[Linha], outro_dia: bool) -> list[Opcao]:
    """Um botão por pessoa, "Todos presentes", "Concluir" (e "Outro dia", se há outro
    encontro que dá para chamar)."""
    botoes = [Opcao(f"m{linha.matricula_id}", rotulo(linha)) for linha in linhas]
    botoes.append(Opcao(TODOS, texto("chamada.botao.todos")))
    botoes.append(Opcao(CONCLUIR, texto("chamada.botao.concluir")))
    if outro_dia:
        botoes.append(Opcao(OUTRO, texto("chamada.botao.outro_dia")))
    return botoes


def linha_do_valor(linhas: list[Linha], valor: str) -> Linha | None:
    """A linha do botão "m<matrícula>" (quem saiu da turma no meio: None)."""
    for linha in linhas:
        if valor == f"m{linha.matricula_id}":
            return linha
    return None


def resumo(linhas: list[Linha]) -> str:
    """ "15 na turma: 13 presentes, 2 faltas (1 avisada)." """
    faltas = [linha for linha in linhas if linha.marca != VEIO]
    avisadas = sum(linha.marca == AVISOU for linha in linhas)
    if not faltas:
        return texto("chamada.resumo.todos", total=len(linhas))
    detalhe = quantos(avisadas, "chamada_avisada") if avisadas else ""
    return texto(
        "chamada.resumo.faltas",
        total=len(linhas),
        presentes=quantos(len(linhas) - len(faltas), "chamada_presente"),
        faltas=quantos(len(faltas), "falta"),
        avisadas=detalhe,
    )
