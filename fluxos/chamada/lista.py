"""A lista da chamada numa mensagem só: as marcas de cada pessoa, o texto e os botões.

O rascunho vive no estado da conversa (`dados`) até o "Concluir": `_ordem` (as
matrículas na ordem em que a lista as numerou; quem entra depois vai para o fim, e o
número de quem ficou não muda) e `_marcas`, a marca de CADA pessoa como a lista a
mostra. Ao aparecer pela primeira vez, a pessoa traz a marca do banco (a chamada já
guardada, ao corrigir; a falta avisada pelo "Não vou poder"; sem nada, presente). Assim
"Concluir" grava exatamente o que este celular mostrou (R16: a última chamada inteira
vence, nunca uma mistura com a de outro celular).

Toque = "pôr esta marca", não "trocar": o botão leva a marca que a pessoa quer
(`m<matrícula>f`: faltou; `m<matrícula>p`: veio), calculada do que o botão mostrava.
Um toque duplo, ou o toque numa cópia da mesma lista que ainda não foi editada no
celular, pede de novo a mesma marca e nada desfaz. Uma lista mais velha (antes de uma
mensagem nova da lista, depois de algo digitado) tem outra versão e o motor a recusa
("mensagem antiga"), como qualquer botão velho.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from armazenamento.chamadas import FALTA, JUSTIFICADA, PRESENTE, AlunoDaChamada
from fluxos.passos import Opcao
from fluxos.regras.chamada_digitada import Leitura, Sentido
from mensagens.catalogo import texto
from mensagens.formatos import quantos, rotulo_de_botao

ROTULO = 20  # cabe num celular de 360 px, um botão por linha
VEIO, FALTOU, AVISOU = "p", "f", "j"
SITUACAO = {VEIO: PRESENTE, FALTOU: FALTA, AVISOU: JUSTIFICADA}
_DA_SITUACAO = {v: k for k, v in SITUACAO.items()}
ORDEM, MARCAS = "_ordem", "_marcas"
TODOS, CONCLUIR, OUTRO = "todos", "concluir", "outro"
_TOQUE = re.compile(r"m([0-9]{1,12})([pf])", re.ASCII)
NOMES_NO_ANOTEI = 5  # mais gente que isso: só os números


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
    fica vago); quem entrou ganha o próximo número; a marca de cada um fica guardada em
    `dados` na primeira vez que aparece (o rascunho é a lista inteira)."""
    ordem: list[int] = dados.setdefault(ORDEM, [])
    por_id = {a.matricula_id: a for a in alunos}
    ordem.extend(m for m in por_id if m not in ordem)
    marcas: dict[str, str] = dados.setdefault(MARCAS, {})
    linhas = []
    for numero, matricula_id in enumerate(ordem, 1):
        aluno = por_id.get(matricula_id)
        if aluno is None:
            continue
        marca = marcas.setdefault(str(matricula_id), _padrao(aluno))
        avisou = aluno.marca == JUSTIFICADA
        linhas.append(Linha(numero, matricula_id, aluno.nome, marca, avisou))
    return linhas


def marcar(dados: dict[str, Any], linha: Linha, marca: str) -> None:
    dados.setdefault(MARCAS, {})[str(linha.matricula_id)] = marca


def _falta(linha: Linha) -> str:
    return AVISOU if linha.avisou else FALTOU


def valor_do_toque(linha: Linha) -> str:
    """O valor do botão: a marca que o toque pede (quem está ✅ passa a faltar)."""
    return f"m{linha.matricula_id}{'f' if linha.marca == VEIO else 'p'}"


def aceita_toque(valor: str) -> bool:
    """Para o motor: `m<matrícula><marca>` é um toque da lista, mesmo que a marca pedida
    já não seja a do botão de agora (o toque duplo; ver o começo do módulo)."""
    return _TOQUE.fullmatch(valor) is not None


def tocar(dados: dict[str, Any], linhas: list[Linha], valor: str) -> bool:
    """Põe a marca que o botão pede (idempotente). False: a pessoa não está na lista."""
    casou = _TOQUE.fullmatch(valor)
    if casou is None:
        return False
    linha = next((li for li in linhas if li.matricula_id == int(casou[1])), None)
    if linha is None:
        return False
    marcar(dados, linha, VEIO if casou[2] == "p" else _falta(linha))
    return True


def todos_presentes(dados: dict[str, Any], linhas: list[Linha]) -> None:
    for linha in linhas:
        marcar(dados, linha, VEIO)


def aplicar(dados: dict[str, Any], linhas: list[Linha], leitura: Leitura) -> None:
    """O que foi digitado (`fluxos.regras.chamada_digitada`): primeiro "os outros" (todos
    vieram / todos faltaram), depois quem foi citado. Sem "os outros", quem não foi citado
    fica como está: "faltou 3" e depois "faltou 7" deixa os dois com falta."""
    faltas, vieram = set(leitura.faltas), set(leitura.vieram)
    for linha in linhas:
        if linha.numero in faltas:
            marcar(dados, linha, _falta(linha))
        elif linha.numero in vieram or leitura.outros is Sentido.VEIO:
            marcar(dados, linha, VEIO)
        elif leitura.outros is Sentido.FALTOU:
            marcar(dados, linha, _falta(linha))


def anotei(linhas: list[Linha], leitura: Leitura) -> str:
    """ "Anotei: faltaram 3 (Bruno C.) e 7 (Fábio N.)." — o que foi entendido, para quem
    digitou conferir antes de concluir."""
    nomes = {li.numero: nome_curto(li.nome) for li in linhas}
    partes = []
    for sentido, numeros in ((Sentido.FALTOU, leitura.faltas), (Sentido.VEIO, leitura.vieram)):
        if numeros:
            varios = "um" if len(numeros) == 1 else "varios"
            quem = texto(f"chamada.anotei.{sentido}.{varios}", quem=pessoas(numeros, nomes))
            partes.append(texto("chamada.anotei.so", parte=quem) if leitura.outros else quem)
    if not partes:
        veio = leitura.outros is Sentido.VEIO
        partes.append(texto("chamada.anotei.todos_veio" if veio else "chamada.anotei.todos_faltou"))
    return texto("chamada.anotei", partes="; ".join(partes))


def pessoas(numeros: Sequence[int], nomes: dict[int, str]) -> str:
    """ "3 (Bruno C.) e 7 (Fábio N.)"; muita gente: só os números ("3, 4, 5, 6, 7 e 8")."""
    mostrar = len(numeros) <= NOMES_NO_ANOTEI
    itens = [f"{n} ({nomes[n]})" if mostrar and n in nomes else str(n) for n in numeros]
    if len(itens) == 1:
        return itens[0]
    return texto("chamada.anotei.lista", varios=", ".join(itens[:-1]), ultimo=itens[-1])


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
    """Um botão por pessoa e os de `extras`."""
    return [Opcao(valor_do_toque(linha), rotulo(linha)) for linha in linhas] + extras(outro_dia)


def extras(outro_dia: bool) -> list[Opcao]:
    """ "Todos presentes", "Concluir" (e "Outro dia", se há outro encontro que dá para
    chamar)."""
    botoes = [
        Opcao(TODOS, texto("chamada.botao.todos")),
        Opcao(CONCLUIR, texto("chamada.botao.concluir")),
    ]
    if outro_dia:
        botoes.append(Opcao(OUTRO, texto("chamada.botao.outro_dia")))
    return botoes


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
