"""A situação de uma pessoa achada no /buscar, como aquele papel pode vê-la (R24).

O CRAS do território e a gestão veem a pré-inscrição inteira (sem as situações
prioritárias, R2) e todas as turmas da pessoa; a OSC, só os cursos e as turmas dela, e o
telefone para ligar. O CPF vai sempre mascarado.

Quem a fila não alcança mais (WhatsApp 131026/368: `fluxos.inalcancavel`): a ficha diz
desde quando, e o CRAS do território passa a ver o telefone. Decisão (ARQUITETURA §7,
cada papel vê só o que precisa): o CRAS recebe o "ligue para a pessoa (o telefone está na
ficha)" quando a pessoa ainda não tem OSC, ou junto com a OSC quando está matriculada;
só nesse caso ele precisa ligar, e só então vê o número.
"""

from __future__ import annotations

from collections.abc import Sequence

from armazenamento.busca import Ficha, Passagem
from armazenamento.cadastro import obter_cadastro
from armazenamento.responsaveis import inalcancavel_desde
from armazenamento.tempo import FUSO
from fluxos.passos import Contexto
from fluxos.regras.cpf import mascarar_cpf
from fluxos.regras.idade import calcular_idade
from fluxos.regras.telefone import formatar_telefone
from mensagens.catalogo import existe, texto
from mensagens.formatos import protocolo


def nome_visto(nome: str, social: str) -> str:
    """O nome social na frente (é o nome pelo qual a pessoa é chamada), o civil junto."""
    return texto("busca.nome_com_social", social=social, nome=nome) if social else nome


def cpf_visto(cpf: str | None) -> str:
    """ "CPF ***.456.789-**" ou "sem CPF" (ARQUITETURA §8: sempre mascarado)."""
    if not cpf:
        return texto("priorizacao.pessoa.sem_cpf")
    return texto("priorizacao.pessoa.cpf", cpf=mascarar_cpf(cpf))


def _codigo(chave: str, reserva: str) -> str:
    """O texto de um código guardado; um código que o catálogo ainda não conhece vira o
    texto geral (`reserva`), nunca o código cru."""
    return texto(chave) if existe(chave) else texto(reserva)


def _passagem(p: Passagem) -> str:
    partes = []
    if p.convocacao:
        partes.append(_codigo(f"busca.convocacao.{p.convocacao}", "busca.convocacao.outra"))
    if p.matricula:
        partes.append(_codigo(f"busca.matricula.{p.matricula}", "busca.matricula.outra"))
    turno = texto(f"turno.{p.turno}").lower()
    return texto(
        "busca.pessoa.turma", turma=p.turma, curso=p.curso, turno=turno, como="; ".join(partes)
    )


def _escolhas(f: Ficha, cursos: Sequence[str]) -> str:
    """Cursos (os que o papel pode ver), turno e escolaridade."""
    estudo = f"escolaridade.{f.escolaridade}"
    turno_e_estudo = texto(
        "busca.pessoa.turno",
        turno=texto(f"turno.{f.turno}").lower(),
        escolaridade=texto(estudo) if existe(estudo) else texto("busca.pessoa.sem_estudo"),
    )
    if not cursos:
        return turno_e_estudo
    return f"{texto('busca.pessoa.cursos', cursos=', '.join(cursos))} {turno_e_estudo}"


async def descrever(ctx: Contexto, f: Ficha, passagens: Sequence[Passagem]) -> str:
    cad = await obter_cadastro(ctx.conexao)
    acesso = ctx.acesso
    ve_tudo = acesso.gestao or f.cras_id in acesso.crases
    escolhas = [(1, f.curso1_id), (2, f.curso2_id)]
    cursos = [
        texto(f"busca.pessoa.opcao.{ordem}", curso=cad.cursos[c].nome)
        for ordem, c in escolhas
        if c in cad.cursos and (ve_tudo or cad.cursos[c].osc_id in acesso.oscs)
    ]
    da_osc = any(c in cad.cursos and cad.cursos[c].osc_id in acesso.oscs for _, c in escolhas)
    da_osc = da_osc or any(p.osc_id in acesso.oscs for p in passagens)
    cras = cad.cras.get(f.cras_id)
    linhas = [
        texto(
            "busca.pessoa.titulo",
            nome=nome_visto(f.nome, f.nome_social),
            protocolo=protocolo(f.ano, f.id),
        ),
        texto(
            "busca.pessoa.dados",
            idade=calcular_idade(f.nascimento, ctx.hoje),
            cpf=cpf_visto(f.cpf),
            cras=cras.nome if cras is not None else "",
        ),
        texto(
            "busca.pessoa.situacao",
            ano=f.ano,
            situacao=_codigo(f"busca.situacao.{f.situacao}", "busca.situacao.outra"),
        ),
        _escolhas(f, cursos),
    ]
    if ve_tudo and f.origem:  # de onde veio (o cartaz, a rádio): para o CRAS e a gestão
        linhas.append(texto("entrada.busca.origem", origem=f.origem))
    sem_entrega = await inalcancavel_desde(ctx.conexao, f.id)
    if sem_entrega is not None:
        canal, desde = sem_entrega
        linhas.append(
            texto(
                "whatsapp_limite.ficha.inalcancavel",
                canal=texto(f"whatsapp_limite.ficha.canal.{canal}")
                if existe(f"whatsapp_limite.ficha.canal.{canal}")
                else canal,
                desde=desde.astimezone(FUSO).strftime("%d/%m"),
            )
        )
    precisa_ligar = ve_tudo and sem_entrega is not None  # o CRAS liga (ver a docstring)
    if (acesso.gestao or da_osc or precisa_ligar) and f.telefone:
        linhas.append(texto("busca.pessoa.telefone", telefone=formatar_telefone(f.telefone)))
    if passagens:
        linhas.append(texto("busca.pessoa.turmas"))
        linhas.extend(f"- {_passagem(p)}" for p in passagens)
    else:
        linhas.append(texto("busca.pessoa.sem_turma"))
    return "\n".join(linhas)
