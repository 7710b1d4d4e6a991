"""A visão geral da priorização (R4) em números, sem dado pessoal.

Pessoas e escolhas de curso contam separado: quem escolheu 2 cursos é UMA pessoa e
aparece uma vez em cada curso (1ª e 2ª opção). Com a pré-inscrição aberta, diz o dia em
que a lista pode ser aprovada e enviada (`regras.prioridade.primeiro_dia_de_envio`).
"""

from __future__ import annotations

from armazenamento.cadastro import Cadastro
from armazenamento.modelos import Ciclo
from armazenamento.priorizacao import Contagens
from fluxos.regras.prioridade import primeiro_dia_de_envio
from fluxos.regras.turnos import TURNOS
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data


def pessoas_e_escolhas(conta: Contagens) -> list[str]:
    """ "Pessoas: 7. Escolhas de curso: 9." e, se houver, quantas escolheram 2 cursos."""
    escolhas = sum(n for *_, n in conta.por_curso)
    linhas = [
        texto("priorizacao.contagem.pessoas_escolhas", pessoas=conta.total, escolhas=escolhas)
    ]
    if conta.dois_cursos:
        chave = (
            "priorizacao.contagem.dois_cursos.uma"
            if conta.dois_cursos == 1
            else "priorizacao.contagem.dois_cursos.varias"
        )
        linhas.append(texto(chave, n=conta.dois_cursos))
    return linhas


def linhas_por_curso(cad: Cadastro, por_curso: tuple[tuple[int, str, int, int], ...]) -> list[str]:
    """ "Confeitaria: 3 (manhã 1, tarde 2), 1 como 2ª opção", em ordem alfabética."""
    turnos: dict[str, dict[str, int]] = {}
    segunda: dict[str, int] = {}
    for curso_id, turno, opcao, n in por_curso:
        curso = cad.cursos.get(curso_id)
        nome = curso.nome if curso is not None else str(curso_id)
        do_curso = turnos.setdefault(nome, {})
        do_curso[turno] = do_curso.get(turno, 0) + n
        segunda[nome] = segunda.get(nome, 0) + (n if opcao == 2 else 0)
    linhas = []
    for nome in sorted(turnos):
        ordem = sorted(turnos[nome].items(), key=lambda t: _ordem_do_turno(t[0]))
        detalhe = ", ".join(f"{texto(f'turno.{t}').lower()} {n}" for t, n in ordem)
        campos = {"curso": nome, "total": sum(turnos[nome].values()), "turnos": detalhe}
        if segunda[nome]:
            linhas.append(texto("priorizacao.contagem.curso_segunda", **campos, n=segunda[nome]))
        else:
            linhas.append(texto("priorizacao.contagem.curso", **campos))
    return linhas


def _ordem_do_turno(turno: str) -> int:
    return TURNOS.index(turno) if turno in TURNOS else len(TURNOS)


def ainda_aberta(ciclo: Ciclo) -> str:
    """R3/R4: até quando chegam pré-inscrições e a partir de quando dá para aprovar."""
    return texto(
        "priorizacao.contagem.aberta",
        fim=dia_da_semana_e_data(ciclo.preinscricao_fim),
        aprovar=dia_da_semana_e_data(primeiro_dia_de_envio(ciclo)),
    )
