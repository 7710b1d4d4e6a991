"""/convocar: a técnica da OSC chama as pessoas da lista do CRAS para uma turma (R5, R7).

Escolhe a turma (só as do seu escopo) → vê a situação (vagas, matriculados, aguardando,
recusas, prazos vencidos, quantos ainda na lista) → "Convocar para vagas" (todas as vagas
descobertas, na ordem da lista) ou "Convocar 1 pessoa" (mostra quem é antes) → "Ver
situação" (nomes; `convocacao_situacao.py`).

Cada botão leva só ids ("cmd:conv_vagas 12") e tudo é conferido de novo ao tocar: a turma
com o escopo no WHERE (fora dele: "Não encontrado."), as vagas com a turma travada. Um
toque repetido ou um botão velho depois de a situação mudar não chama ninguém a mais.
Mostrar o nome da próxima pessoa fica na auditoria.
"""

from __future__ import annotations

from armazenamento.auditoria import registrar_leitura
from armazenamento.convocacoes import (
    EXPIRADA,
    RECUSADA,
    TurmaDaConvocacao,
    ocupacao,
    primeiro_encontro,
    travar_turma,
)
from armazenamento.convocacoes_equipe import (
    pessoas_da_turma,
    turmas_visiveis_para_convocar,
)
from armazenamento.limite_diario import convocacoes_esperando
from armazenamento.limite_previsao import quantas_esperam
from fluxos.convocacao.acoes import Convocadas, convocar
from fluxos.convocacao.lista import na_lista as contar_na_lista
from fluxos.convocacao.lista import proximos
from fluxos.convocacao.regras import fim_do_prazo, vagas_para_convocar
from fluxos.convocacao.textos import ate_o_dia, quando
from fluxos.equipe import convocacao_cancelar, convocacao_situacao, convocacao_turno
from fluxos.equipe.convocacao_apoio import (
    PAPEIS,
    turma_pedida,
)
from fluxos.equipe.permissao import ComandoDaEquipe, nao_encontrado
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.regras.escolha import NAO, SIM
from fluxos.regras.ids import ler_ids
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import quantos, rotulo_de_botao


async def _escolher_turma(ctx: Contexto) -> Acao:
    turmas = await turmas_visiveis_para_convocar(ctx.conexao, ctx.acesso, ctx.agora)
    if not turmas:
        return Dizer((texto("equipe.convocacao.nenhuma_turma"),))
    linhas = [
        texto(
            "equipe.convocacao.linha_turma",
            codigo=t.codigo,
            curso=t.curso,
            turno=texto(f"turno.{t.turno}").lower(),
            matriculados=o.matriculados,
            capacidade=t.capacidade,
            pendentes=o.pendentes,
        )
        for t, o in turmas
    ]
    corpo = "\n".join([texto("equipe.convocacao.escolher"), *linhas])
    return Dizer(
        (corpo,),
        tuple(Opcao(da_fila("convocar", t.id), rotulo_de_botao(t.codigo)) for t, _ in turmas),
    )


async def painel(
    ctx: Contexto, turma: TurmaDaConvocacao, *notas: str, limite_dito: bool = False
) -> Dizer:
    """A situação da turma em números e o que dá para fazer agora. `limite_dito`: a nota
    já diz quantas o limite do WhatsApp segura (a previsão, na hora de convocar)."""
    ocupada = await ocupacao(ctx.conexao, turma)
    na_lista, esperam = await contar_na_lista(ctx.conexao, turma)
    encontro = await primeiro_encontro(ctx.conexao, turma.id, ctx.agora)
    livres = vagas_para_convocar(turma.capacidade, ocupada.matriculados, ocupada.pendentes)
    corpo = texto(
        "equipe.convocacao.painel",
        codigo=turma.codigo,
        curso=turma.curso,
        turno=texto(f"turno.{turma.turno}").lower(),
        vagas=quantos(turma.capacidade, "vaga"),
        matriculados=quantos(ocupada.matriculados, "matriculado"),
        pendentes=ocupada.pendentes,
        livres=livres,
        recusadas=ocupada.por_situacao.get(RECUSADA, 0),
        expiradas=ocupada.por_situacao.get(EXPIRADA, 0),
        na_lista=na_lista,
    )
    if encontro is None:
        corpo += "\n" + texto("equipe.convocacao.sem_encontro")
    else:
        corpo += "\n" + texto("equipe.convocacao.primeiro", quando=quando(encontro[0]))
    if esperam:
        corpo += "\n" + convocacao_turno.esperam(esperam)
    no_limite = 0 if limite_dito else await convocacoes_esperando(ctx.conexao, turma.id)
    if no_limite:  # o limite diário do WhatsApp segurou convocações (bot.whatsapp.fila)
        convocacoes = quantos(no_limite, "convocacao_espera")
        corpo += "\n" + texto("whatsapp_fila.esperam_limite", convocacoes=convocacoes)
    opcoes: list[Opcao] = []
    if livres and na_lista and encontro is not None:
        opcoes += [
            Opcao(da_fila("conv_vagas", turma.id), texto("equipe.convocacao.botao_vagas")),
            Opcao(da_fila("conv_um", turma.id), texto("equipe.convocacao.botao_um")),
        ]
    opcoes += [
        Opcao(da_fila("conv_situacao", turma.id), texto("equipe.convocacao.botao_situacao")),
        Opcao(da_fila("convocar"), texto("equipe.convocacao.botao_outra")),
    ]
    return Dizer((*(n for n in notas if n), corpo), tuple(opcoes))


async def ver_convocacao(ctx: Contexto, argumento: str = "") -> Acao:
    """/convocar: sem argumento, a lista de turmas; com o id de uma turma, a situação dela."""
    if not argumento.strip():
        return await _escolher_turma(ctx)
    turma = await turma_pedida(ctx, argumento)
    return nao_encontrado() if turma is None else await painel(ctx, turma)


async def _travada(ctx: Contexto, argumento: str) -> tuple[TurmaDaConvocacao, int] | None:
    """A turma do escopo, já travada, e quantas vagas estão descobertas agora."""
    turma = await turma_pedida(ctx, argumento)
    travada = await travar_turma(ctx.conexao, turma.id) if turma is not None else None
    if travada is None:
        return None
    ocupada = await ocupacao(ctx.conexao, travada)
    return travada, vagas_para_convocar(travada.capacidade, ocupada.matriculados, ocupada.pendentes)


async def no_limite(ctx: Contexto, feitas: Convocadas) -> str:
    """ "3 convocações esperam o limite de amanhã do WhatsApp…", já na hora de convocar
    (R5): a previsão de `limite_previsao`; "" se todas saem agora."""
    limite = ctx.ajustes.limite_whatsapp
    seguradas = await quantas_esperam(ctx.conexao, feitas.no_whatsapp, limite, ctx.agora)
    if not seguradas:
        return ""
    convocacoes = quantos(seguradas, "convocacao_espera")
    return " ".join(
        [
            texto("whatsapp_fila.esperam_limite", convocacoes=convocacoes),
            texto("whatsapp_limite.prazo_conta_do_envio"),
        ]
    )


def _resumo(feitas: Convocadas, ctx: Contexto, esperam: int = 0, seguradas: str = "") -> str:
    """O que aconteceu ao convocar; `esperam`: quantos da lista esperam a turma do turno
    que escolheram (R10: a lista não acabou, só a do turno desta turma); `seguradas`: o
    que o limite diário do WhatsApp segura (`no_limite`)."""
    if feitas.sem_data:
        return texto("equipe.convocacao.sem_data")
    if not feitas.ids:
        if esperam:
            return convocacao_turno.texto_so_esperam(esperam)
        return texto("equipe.convocacao.lista_vazia")
    prazo = ate_o_dia(fim_do_prazo(ctx.agora, ctx.ajustes.prazo_convocacao))
    partes = [
        texto(
            "equipe.convocacao.convocadas", pessoas=quantos(len(feitas.ids), "pessoa"), prazo=prazo
        )
    ]
    if feitas.sem_chat:
        partes.append(
            texto("equipe.convocacao.sem_chat", pessoas=quantos(feitas.sem_chat, "pessoa"))
        )
    if feitas.faltaram:
        chave = "equipe.convocacao.turno.faltam" if esperam else "equipe.convocacao.lista_acabou"
        partes.append(texto(chave, vagas=quantos(feitas.faltaram, "vaga")))
    if seguradas:
        partes.append(seguradas)
    return " ".join(partes)


async def convocar_vagas(ctx: Contexto, argumento: str = "") -> Acao:
    """R5 (coletiva): chama tantas pessoas quantas são as vagas descobertas (capacidade −
    matriculados − aguardando), na ordem da lista."""
    achada = await _travada(ctx, argumento)
    if achada is None:
        return nao_encontrado()
    turma, vagas = achada
    if vagas == 0:
        return await painel(ctx, turma, texto("equipe.convocacao.sem_vagas"))
    feitas = await convocar(ctx.conexao, turma, vagas, ctx.agora, ctx.ajustes, ctx.acesso.membro_id)
    esperam = (await contar_na_lista(ctx.conexao, turma))[1] if feitas.faltaram else 0
    seguradas = await no_limite(ctx, feitas)
    resumo = _resumo(feitas, ctx, esperam, seguradas)
    return await painel(ctx, turma, resumo, limite_dito=bool(seguradas))


async def convocar_um(ctx: Contexto, argumento: str = "") -> Acao:
    """R5 (individual): "conv_um TURMA" mostra quem é a próxima; "conv_um TURMA PESSOA"
    chama essa pessoa, se ela ainda está na lista e há vaga descoberta."""
    achada = await _travada(ctx, argumento)
    if achada is None:
        return nao_encontrado()
    turma, vagas = achada
    if vagas == 0:
        return await painel(ctx, turma, texto("equipe.convocacao.sem_vagas"))
    ids = ler_ids(argumento, 2)
    if ids is None:
        return await _mostrar_proxima(ctx, turma)
    feitas = await convocar(
        ctx.conexao, turma, 1, ctx.agora, ctx.ajustes, ctx.acesso.membro_id, so=ids[1]
    )
    if feitas.sem_data:
        return await painel(ctx, turma, texto("equipe.convocacao.sem_data"))
    pessoas = await pessoas_da_turma(ctx.conexao, ctx.acesso, turma.id, so=ids[1])
    if not feitas.ids or not pessoas:
        return await painel(ctx, turma, texto("equipe.convocacao.ja_chamada"))
    prazo = ate_o_dia(fim_do_prazo(ctx.agora, ctx.ajustes.prazo_convocacao))
    nota = texto("equipe.convocacao.convocada_uma", nome=pessoas[0].nome, prazo=prazo)
    seguradas = await no_limite(ctx, feitas)
    nota = f"{nota} {seguradas}" if seguradas else nota
    return await convocacao_situacao.tela_pessoa(ctx, turma, pessoas[0], nota)


async def _mostrar_proxima(ctx: Contexto, turma: TurmaDaConvocacao) -> Acao:
    proximas = await proximos(ctx.conexao, turma, 1)
    if not proximas:
        return await painel(ctx, turma, await convocacao_turno.lista_vazia(ctx.conexao, turma))
    proxima = proximas[0]
    await registrar_leitura(
        ctx.conexao, ctx.acesso.membro_id, "convocar.proxima", proxima.preinscricao_id, ctx.agora
    )
    corpo = convocacao_turno.proxima(turma, proxima)
    opcoes = (
        Opcao(
            da_fila("conv_um", turma.id, proxima.preinscricao_id),
            texto("equipe.convocacao.botao_convocar"),
            SIM,
        ),
        Opcao(da_fila("convocar", turma.id), texto("equipe.convocacao.botao_voltar"), NAO),
    )
    return Dizer((corpo,), opcoes)


COMANDOS = {
    "convocar": ComandoDaEquipe(PAPEIS, ver_convocacao),
    "conv_vagas": ComandoDaEquipe(PAPEIS, convocar_vagas, no_menu=False),
    "conv_um": ComandoDaEquipe(PAPEIS, convocar_um, no_menu=False),
    **convocacao_situacao.COMANDOS,
    **convocacao_cancelar.COMANDOS,
}
