"""/priorizar (R4): o técnico do CRAS vê as pré-inscrições do seu território no ciclo,
arruma a lista (pôr de lado com motivo, trazer de volta) e depois aprova e envia
(`priorizacao_envio`). A gestão escolhe o CRAS antes.

Telas: contagens por curso e turno (sem dado pessoal) → lista em páginas de 5, com a
posição, o motivo de cada posição (R2/R4) e o CPF mascarado (R24). Cada tela com dados
pessoais deixa uma linha de auditoria.
"""

from __future__ import annotations

from armazenamento import priorizacao as lista
from armazenamento.acesso import Papel
from fluxos.equipe import listas, priorizacao_envio
from fluxos.equipe import priorizacao_contagem as contagem
from fluxos.equipe.permissao import ComandoDaEquipe, nao_encontrado
from fluxos.equipe.priorizacao_comum import (
    POR_PAGINA,
    Alvo,
    achar_alvo,
    alvo_do_botao,
    auditar,
    cadastro,
    escolher,
    explicar,
    ja_enviada,
    juntar,
    quando_enviada,
)
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.regras.cpf import mascarar_cpf
from fluxos.regras.idade import calcular_idade
from fluxos.regras.ids import ler_ids as numeros
from fluxos.regras.prioridade import motivo, pode_enviar
from mensagens.botoes import da_fila
from mensagens.catalogo import texto

MOTIVOS_DE_LADO = ("fora_do_perfil", "ja_participa", "sem_contato", "mudou_territorio", "desistiu")


# ----- /priorizar: escolher o CRAS e ver as contagens -----------------------------------


async def priorizar(ctx: Contexto, argumento: str = "") -> Acao:
    """R4: "/priorizar" (o CRAS de quem escreve; a gestão escolhe) ou "/priorizar 3"."""
    pedido = numeros(argumento, 1)
    if pedido is None:
        visiveis = await lista.crases_visiveis(ctx.conexao, ctx.acesso)
        if len(visiveis) != 1:
            if not visiveis:
                return nao_encontrado()
            itens = [(c.id, c.nome) for c in visiveis]
            return escolher(texto("priorizacao.escolher_cras"), itens, "priorizar")
        pedido = [visiveis[0].id]
    alvo = await achar_alvo(ctx, pedido[0])
    if isinstance(alvo, Dizer):
        return alvo
    return await _contagens(ctx, alvo)


async def _contagens(ctx: Contexto, alvo: Alvo) -> Acao:
    conta = await lista.contar(ctx.conexao, ctx.acesso, alvo.ciclo_id, alvo.cras.id)
    partes = [
        texto(
            "priorizacao.contagem.titulo",
            cras=alvo.cras.nome,
            ano=alvo.ciclo.ano,
            preinscricoes=_preinscricoes(conta.total),
        )
    ]
    if conta.total:
        partes.extend(contagem.pessoas_e_escolhas(conta))
    if not alvo.enviada and not pode_enviar(alvo.ciclo, ctx.hoje):
        partes.append(contagem.ainda_aberta(alvo.ciclo))
    if conta.por_curso:
        partes.append(texto("priorizacao.contagem.por_curso"))
        partes.extend(contagem.linhas_por_curso(await cadastro(ctx), conta.por_curso))
    if conta.de_lado:
        partes.append(texto("priorizacao.contagem.de_lado", n=conta.de_lado))
    if alvo.enviada:
        partes.append(texto("priorizacao.contagem.enviada", quando=quando_enviada(alvo)))
    opcoes = [Opcao(da_fila("priorizar_lista", alvo.cras.id, 1), texto("priorizacao.botao.lista"))]
    if conta.de_lado:
        opcoes.append(
            Opcao(da_fila("priorizar_de_lado", alvo.cras.id, 1), texto("priorizacao.botao.de_lado"))
        )
    if not alvo.enviada and pode_enviar(alvo.ciclo, ctx.hoje) and conta.total > conta.de_lado:
        opcoes.append(
            Opcao(da_fila("priorizar_aprovar", alvo.cras.id), texto("priorizacao.botao.aprovar"))
        )
    if not conta.total:  # nada a listar ainda: a saída é o menu, nunca um beco sem saída
        opcoes = [Opcao(da_fila("menu"), texto("busca.botao.menu"))]
    return Dizer(("\n".join(partes),), tuple(opcoes))


def _preinscricoes(n: int) -> str:
    if n == 0:
        return texto("priorizacao.contagem.nenhuma")
    if n == 1:
        return texto("priorizacao.contagem.uma")
    return texto("priorizacao.contagem.varias", n=n)


# ----- a lista em páginas ---------------------------------------------------------------


async def _descrever(ctx: Contexto, p: lista.Pessoa) -> str:
    """Nome (o social, se a pessoa deu), idade, bairro, cursos e turno, CPF mascarado."""
    cad = await cadastro(ctx)
    bairro = cad.bairros.get(p.bairro_id or 0)
    nomes = [cad.cursos[c].nome for c in (p.curso1_id, p.curso2_id) if c in cad.cursos]
    return texto(
        "priorizacao.pessoa.dados",
        nome=p.nome_social or p.nome,
        idade=calcular_idade(p.nascimento, ctx.hoje),
        bairro=bairro.nome if bairro is not None else texto("priorizacao.pessoa.sem_bairro"),
        cursos=juntar(nomes),
        turno=texto(f"turno.{p.turno}").lower(),
        cpf=texto("priorizacao.pessoa.cpf", cpf=mascarar_cpf(p.cpf))
        if p.cpf
        else texto("priorizacao.pessoa.sem_cpf"),
    )


async def mostrar_lista(ctx: Contexto, alvo: Alvo, pagina: int, nota: str = "") -> Acao:
    pesos = ctx.ajustes.pesos_prioridade
    pag = await lista.pagina(
        ctx.conexao, ctx.acesso, alvo.ciclo_id, alvo.cras.id, pesos, pagina, POR_PAGINA
    )
    total, pagina, inicio, trecho = pag.total, pag.numero, pag.inicio, pag.pessoas
    await auditar(ctx, lista.ACAO_LISTA, alvo.cras.id)
    partes = [nota] if nota else []
    if not trecho:
        partes.append(texto("priorizacao.lista.vazia", cras=alvo.cras.nome))
    else:
        chave = "priorizacao.lista.titulo_enviada" if alvo.enviada else "priorizacao.lista.titulo"
        partes.append(
            texto(chave, cras=alvo.cras.nome, de=inicio + 1, ate=inicio + len(trecho), total=total)
        )
    opcoes: list[Opcao] = []
    for posicao, p in enumerate(trecho, start=inicio + 1):
        razao = texto("priorizacao.pessoa.motivo", motivo=explicar(motivo(p.prioridades, pesos)))
        partes.append(f"{posicao}. {await _descrever(ctx, p)}\n{razao}")
        if not alvo.enviada:
            rotulo = texto("priorizacao.botao.por_de_lado", n=posicao)
            opcoes.append(Opcao(da_fila("priorizar_lado", p.id, pagina), rotulo))
    if inicio + POR_PAGINA < total:
        opcoes.append(
            Opcao(da_fila("priorizar_lista", alvo.cras.id, pagina + 1), texto("equipe.botao.mais"))
        )
    resumo = texto("priorizacao.botao.resumo")
    opcoes.append(Opcao(da_fila("priorizar", alvo.cras.id), resumo, apelidos=("voltar",)))
    if not alvo.enviada and total and pode_enviar(alvo.ciclo, ctx.hoje):
        opcoes.append(
            Opcao(da_fila("priorizar_aprovar", alvo.cras.id), texto("priorizacao.botao.aprovar"))
        )
    return Dizer(("\n\n".join(partes),), tuple(opcoes), numerar=False)  # o texto numera


async def ver_lista(ctx: Contexto, argumento: str = "") -> Acao:
    """ "priorizar_lista CRAS PÁGINA"."""
    achado = await alvo_do_botao(ctx, argumento, 2)
    if isinstance(achado, Dizer):
        return achado
    alvo, pedido = achado
    return await mostrar_lista(ctx, alvo, pedido[1])


# ----- pôr de lado e trazer de volta ------------------------------------------------------


async def _pessoa_e_alvo(ctx: Contexto, preinscricao_id: int) -> tuple[lista.Pessoa, Alvo] | Dizer:
    """A pré-inscrição (no escopo, na consulta) e a lista dela, se é a do ciclo atual."""
    pessoa = await lista.pessoa_visivel(ctx.conexao, ctx.acesso, preinscricao_id)
    if pessoa is None:
        return nao_encontrado()
    alvo = await achar_alvo(ctx, pessoa.cras_id)
    if isinstance(alvo, Dizer):
        return alvo
    if alvo.ciclo_id != pessoa.ciclo_id:
        return nao_encontrado()  # de outro ciclo: essa lista não está mais em jogo
    if alvo.enviada:
        return ja_enviada(alvo)
    return pessoa, alvo


async def por_de_lado(ctx: Contexto, argumento: str = "") -> Acao:
    """ "priorizar_lado PRÉ PÁGINA" pergunta o motivo; com "… MOTIVO", põe de lado."""
    pedido = numeros(argumento, 2)
    if pedido is None:
        return nao_encontrado()
    achado = await _pessoa_e_alvo(ctx, pedido[0])
    if isinstance(achado, Dizer):
        return achado
    pessoa, alvo = achado
    nome = pessoa.nome_social or pessoa.nome
    partes = argumento.split()
    codigo = partes[2] if len(partes) > 2 else ""
    if codigo not in MOTIVOS_DE_LADO:
        await auditar(ctx, lista.ACAO_LISTA, alvo.cras.id)
        opcoes = [
            Opcao(
                da_fila("priorizar_lado", pessoa.id, pedido[1], m),
                texto(f"priorizacao.de_lado.{m}"),
            )
            for m in MOTIVOS_DE_LADO
        ]
        voltar = Opcao(
            da_fila("priorizar_lista", alvo.cras.id, pedido[1]), texto("priorizacao.botao.voltar")
        )
        return Dizer((texto("priorizacao.de_lado.pergunta", nome=nome),), (*opcoes, voltar))
    feito = await lista.por_de_lado(
        ctx.conexao, pessoa, codigo, ctx.acesso.membro_id or 0, ctx.agora
    )
    if feito is None:
        return ja_enviada(alvo)
    chave = "priorizacao.de_lado.feito" if feito else "priorizacao.de_lado.ja_estava"
    nota = texto(chave, nome=nome, motivo=texto(f"priorizacao.de_lado.{codigo}").lower())
    return await mostrar_lista(ctx, alvo, pedido[1], nota)


async def ver_de_lado(ctx: Contexto, argumento: str = "") -> Acao:
    """ "priorizar_de_lado CRAS PÁGINA": as postas de lado, com "Trazer de volta"."""
    achado = await alvo_do_botao(ctx, argumento, 2)
    if isinstance(achado, Dizer):
        return achado
    alvo, pedido = achado
    return await _mostrar_de_lado(ctx, alvo, pedido[1])


async def _mostrar_de_lado(ctx: Contexto, alvo: Alvo, pagina: int, nota: str = "") -> Acao:
    pag = await lista.pagina_de_lado(
        ctx.conexao, ctx.acesso, alvo.ciclo_id, alvo.cras.id, pagina, POR_PAGINA
    )
    total, pagina, inicio, trecho = pag.total, pag.numero, pag.inicio, pag.pessoas
    await auditar(ctx, lista.ACAO_LISTA, alvo.cras.id)
    partes = [nota] if nota else []
    if not trecho:
        partes.append(texto("priorizacao.de_lado.nenhuma", cras=alvo.cras.nome))
    else:
        partes.append(
            texto(
                "priorizacao.de_lado.titulo",
                cras=alvo.cras.nome,
                de=inicio + 1,
                ate=inicio + len(trecho),
                total=total,
            )
        )
    opcoes: list[Opcao] = []
    for numero, p in enumerate(trecho, start=inicio + 1):
        razao = texto(f"priorizacao.de_lado.{p.motivo_de_lado}").lower()
        linha = texto("priorizacao.de_lado.linha", motivo=razao)
        partes.append(f"{numero}. {await _descrever(ctx, p)}\n{linha}")
        if not alvo.enviada:
            rotulo = texto("priorizacao.botao.trazer", n=numero)
            opcoes.append(Opcao(da_fila("priorizar_volta", p.id), rotulo))
    if inicio + POR_PAGINA < total:
        opcoes.append(
            Opcao(
                da_fila("priorizar_de_lado", alvo.cras.id, pagina + 1), texto("equipe.botao.mais")
            )
        )
    opcoes.append(
        Opcao(da_fila("priorizar_lista", alvo.cras.id, 1), texto("priorizacao.botao.lista"))
    )
    return Dizer(("\n\n".join(partes),), tuple(opcoes), numerar=False)  # o texto numera


async def trazer_de_volta(ctx: Contexto, argumento: str = "") -> Acao:
    """ "priorizar_volta PRÉ": a pessoa volta para a lista (antes do envio)."""
    pedido = numeros(argumento, 1)
    if pedido is None:
        return nao_encontrado()
    achado = await _pessoa_e_alvo(ctx, pedido[0])
    if isinstance(achado, Dizer):
        return achado
    pessoa, alvo = achado
    feito = await lista.trazer_de_volta(ctx.conexao, pessoa)
    if feito is None:
        return ja_enviada(alvo)
    chave = "priorizacao.de_lado.voltou" if feito else "priorizacao.de_lado.nao_estava"
    return await _mostrar_de_lado(
        ctx, alvo, 1, texto(chave, nome=pessoa.nome_social or pessoa.nome)
    )


_CRAS_E_GESTAO = frozenset({Papel.CRAS, Papel.GESTAO})

COMANDOS = {
    "priorizar": ComandoDaEquipe(_CRAS_E_GESTAO, priorizar),
    **listas.COMANDOS,
    "priorizar_lista": ComandoDaEquipe(_CRAS_E_GESTAO, ver_lista, no_menu=False),
    "priorizar_lado": ComandoDaEquipe(_CRAS_E_GESTAO, por_de_lado, no_menu=False),
    "priorizar_de_lado": ComandoDaEquipe(_CRAS_E_GESTAO, ver_de_lado, no_menu=False),
    "priorizar_volta": ComandoDaEquipe(_CRAS_E_GESTAO, trazer_de_volta, no_menu=False),
    **priorizacao_envio.COMANDOS,
}
