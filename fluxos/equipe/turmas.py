"""/turmas: as turmas que o papel enxerga (instrutor as suas, OSC as dela, gestão todas),
com vagas ocupadas e o próximo encontro, em páginas que cabem na tela de um celular."""

from __future__ import annotations

from armazenamento.acesso import Papel
from armazenamento.turmas import TurmaVista, turmas_de
from fluxos.equipe.permissao import ComandoDaEquipe
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada

POR_PAGINA = 8


def pagina_pedida(argumento: str) -> int:
    """ "2" → 2; qualquer outra coisa → 1 (um botão antigo não quebra nada)."""
    valor = argumento.strip()
    return int(valor) if valor.isdigit() and 0 < int(valor) < 10_000 else 1


def linha_da_turma(t: TurmaVista) -> str:
    if t.proximo_encontro is not None:
        quando = (
            f"{dia_da_semana_e_data(t.proximo_encontro.date())}, {hora_falada(t.proximo_encontro)}"
        )
        proximo = texto("equipe.turmas.proximo", quando=quando)
    else:
        proximo = texto("equipe.turmas.sem_proximo")
    return texto(
        "equipe.turmas.linha",
        codigo=t.codigo,
        curso=t.curso,
        turno=texto(f"turno.{t.turno}"),
        osc=t.osc,
        matriculados=t.matriculados,
        capacidade=t.capacidade,
        proximo=proximo,
    )


async def ver_turmas(ctx: Contexto, argumento: str = "") -> Acao:
    turmas = await turmas_de(ctx.conexao, ctx.acesso, ctx.agora)
    if not turmas:
        return Dizer((texto("equipe.turmas.nenhuma"),))
    pagina = pagina_pedida(argumento)
    inicio = min((pagina - 1) * POR_PAGINA, (len(turmas) - 1) // POR_PAGINA * POR_PAGINA)
    trecho = turmas[inicio : inicio + POR_PAGINA]
    titulo = texto(
        "equipe.turmas.titulo", de=inicio + 1, ate=inicio + len(trecho), total=len(turmas)
    )
    corpo = "\n\n".join([titulo, *(linha_da_turma(t) for t in trecho)])
    opcoes: tuple[Opcao, ...] = ()
    if inicio + POR_PAGINA < len(turmas):
        proxima = inicio // POR_PAGINA + 2
        opcoes = (Opcao(f"cmd:turmas {proxima}", texto("equipe.botao.mais")),)
    return Dizer((corpo,), opcoes)


COMANDOS = {
    "turmas": ComandoDaEquipe(frozenset({Papel.INSTRUTOR, Papel.OSC, Papel.GESTAO}), ver_turmas),
}
