"""Peças da priorização (R4) usadas pelas telas da lista, do envio e das listas da OSC.

Todo botão da priorização é um `cmd:` com ids: vale vindo de mensagem antiga, encaminhada
ou digitado. Por isso cada comando revalida aqui o escopo (o CRAS tem de estar no
escopo de quem toca, na própria consulta) e o ciclo; fora disso, "Não encontrado.".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from armazenamento.auditoria import registrar_leitura
from armazenamento.cadastro import Cadastro, obter_cadastro
from armazenamento.modelos import Ciclo
from armazenamento.priorizacao import CrasVisto, EstadoDaLista, cras_visivel, estado_da_lista
from armazenamento.tempo import FUSO
from fluxos.equipe.permissao import nao_encontrado
from fluxos.motor import Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.regras.ids import ler_ids
from fluxos.regras.prioridade import Motivo, ciclo_da_priorizacao
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada, rotulo_de_botao

POR_PAGINA = 5  # cabe na tela de um celular simples, com os botões
LIMITE_ROTULO = 20


def rotulo_curto(nome: str) -> str:
    """Nome do cadastro como rótulo de botão (até 20 caracteres)."""
    return rotulo_de_botao(nome.removeprefix("CRAS ").strip(), LIMITE_ROTULO)


def escolher(pergunta: str, itens: Sequence[tuple[int, str]], comando: str) -> Dizer:
    """Uma pergunta com um botão por item (CRAS ou OSC); a lista numerada vai no texto,
    porque o rótulo pode ter sido encurtado."""
    linhas = [f"{i}. {nome}" for i, (_, nome) in enumerate(itens, start=1)]
    opcoes = tuple(Opcao(da_fila(comando, id_), rotulo_curto(nome)) for id_, nome in itens)
    return Dizer(("\n".join([pergunta, *linhas]),), opcoes)


async def cadastro(ctx: Contexto) -> Cadastro:
    return await obter_cadastro(ctx.conexao)


async def ciclo_atual(ctx: Contexto) -> Ciclo | None:
    """R4: o último ciclo cuja pré-inscrição já começou."""
    return ciclo_da_priorizacao((await cadastro(ctx)).ciclos, ctx.hoje)


@dataclass(frozen=True, slots=True)
class Alvo:
    """A lista que um comando mexe: o CRAS (no escopo), o ciclo e como ela está."""

    cras: CrasVisto
    ciclo: Ciclo
    estado: EstadoDaLista | None

    @property
    def ciclo_id(self) -> int:
        return self.ciclo.id or 0

    @property
    def enviada(self) -> bool:
        return self.estado is not None and self.estado.enviada


async def achar_alvo(ctx: Contexto, cras_id: int) -> Alvo | Dizer:
    """O CRAS pedido, se está no escopo de quem escreve, e o ciclo atual."""
    cras = await cras_visivel(ctx.conexao, ctx.acesso, cras_id)
    if cras is None:
        return nao_encontrado()
    ciclo = await ciclo_atual(ctx)
    if ciclo is None:
        return Dizer((texto("priorizacao.sem_ciclo"),))
    return Alvo(cras, ciclo, await estado_da_lista(ctx.conexao, ciclo.id or 0, cras.id))


async def alvo_do_botao(
    ctx: Contexto, argumento: str, quantos: int
) -> tuple[Alvo, list[int]] | Dizer:
    """ "CRAS N...": os `quantos` números do botão e a lista do CRAS do 1º, conferidos
    (escopo na consulta); qualquer falha já vem como a resposta a dar."""
    pedido = ler_ids(argumento, quantos)
    if pedido is None:
        return nao_encontrado()
    alvo = await achar_alvo(ctx, pedido[0])
    return alvo if isinstance(alvo, Dizer) else (alvo, pedido)


def quando_enviada(alvo: Alvo) -> str:
    momento = alvo.estado.enviada_em if alvo.estado else None
    if momento is None:
        return ""
    return f"{dia_da_semana_e_data(momento.astimezone(FUSO).date())}, {hora_falada(momento)}"


def ja_enviada(alvo: Alvo) -> Dizer:
    """Resposta a um botão que mudaria uma lista já enviada: nada muda."""
    corpo = texto("priorizacao.ja_enviada", cras=alvo.cras.nome, quando=quando_enviada(alvo))
    opcoes = (Opcao(da_fila("priorizar_lista", alvo.cras.id, 1), texto("priorizacao.botao.lista")),)
    return Dizer((corpo,), opcoes)


async def auditar(ctx: Contexto, acao: str, alvo: object) -> None:
    """ARQUITETURA §8: toda tela ou planilha com dados pessoais deixa rastro."""
    await registrar_leitura(ctx.conexao, ctx.acesso.membro_id, acao, alvo, ctx.agora)


def pessoas(n: int) -> str:
    return texto("priorizacao.pessoa.uma" if n == 1 else "priorizacao.pessoa.varias", n=n)


def juntar(partes: Sequence[str]) -> str:
    """["a", "b", "c"] → "a, b e c"."""
    if len(partes) <= 1:
        return "".join(partes)
    return f"{', '.join(partes[:-1])} {texto('priorizacao.e')} {partes[-1]}"


def explicar(m: Motivo) -> str:
    """R4: o motivo da posição em palavras ("2 pontos: situação de rua (X) e ...")."""
    if m.sem_situacao:
        return texto("priorizacao.motivo.sem_situacao")
    if not m.codigos:
        return texto("priorizacao.motivo.sem_pontos")
    nomes = [f"{texto(f'priorizacao.situacao.{c.lower()}')} ({c})" for c in m.codigos]
    chave = "priorizacao.motivo.um_ponto" if m.pontos == 1 else "priorizacao.motivo.pontos"
    return texto(chave, pontos=m.pontos, situacoes=juntar(nomes))
