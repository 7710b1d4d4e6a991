"""/frequencia do cidadão (R16): UMA mensagem curta com as horas, o percentual e o que
ainda é possível ("Você ainda pode faltar 2 aulas e continuar com 75%").

Vale para o comando, o botão do menu e o texto digitado ("frequência", "minhas faltas",
"quantas faltas", "frequensia"). A conversa acha a pessoa como a situação acha
(`preinscricoes.todas_do_chat`: também a conversa ligada de outro canal), e cada
pré-inscrição dela com matrícula ativa ganha um bloco (mãe e filho no mesmo Telegram).
Quem não alcança mais os 75% ouve isso com cuidado e onde pedir ajuda, nunca uma bronca;
quem teve a desistência confirmada (R19) ouve que saiu do curso e como voltar.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from armazenamento import preinscricoes
from armazenamento.alertas_pessoa import matriculas_da_conversa
from armazenamento.convocacoes import nome_de_chamada
from armazenamento.frequencias import MatriculaAtiva, ler_da_matricula, matriculas_ativas
from armazenamento.tempo import FUSO
from fluxos.evasao.cidadao import encerrada
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.regras.frequencia_modulos import Resumo, resumir, sequencias_da_matricula
from fluxos.regras.texto import normalizar
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import quantos


def horas_faladas(horas: float) -> str:
    """ "4", "2,5" (vírgula, como se escreve no Brasil; sem ",0")."""
    arredondada = round(horas, 1)
    if arredondada == int(arredondada):
        return str(int(arredondada))
    return f"{arredondada:.1f}".replace(".", ",")


def _horas(horas: float) -> str:
    """ "1 hora", "32 horas", "2,5 horas"."""
    numero = horas_faladas(horas)
    return texto(f"comum.quantos.hora.{'um' if numero == '1' else 'varios'}", n=numero)


def _o_que_ainda_da(r: Resumo) -> str:
    """R16: quantas aulas ainda dá para faltar, ou, com cuidado, o que ainda é possível."""
    if r.sem_volta:
        chave = "sem_volta" if r.aulas_pela_frente else "terminou_abaixo"
        return texto(f"frequencia.cidadao.{chave}")
    if not r.aulas_pela_frente:
        return texto("frequencia.cidadao.terminou_com_75")
    rumo = "abaixo" if r.abaixo else "acima"
    if r.faltas_possiveis == 0:
        return texto(f"frequencia.cidadao.nao_falte.{rumo}")
    aulas = quantos(r.faltas_possiveis, "aula")
    return texto(f"frequencia.cidadao.pode_faltar.{rumo}", aulas=aulas)


async def _bloco(ctx: Contexto, matricula: MatriculaAtiva, com_nome: bool) -> str:
    lida = await ler_da_matricula(ctx.conexao, matricula.matricula_id)
    assert lida is not None and lida.matriculas  # a matrícula ativa acabou de ser lida
    minha = lida.matriculas[0]
    fase = sequencias_da_matricula(lida.encontros, minha.marcas, minha.dia_da_matricula).fase
    r = resumir(fase)
    if r.percentual is None:
        partes = [texto("frequencia.cidadao.sem_aula", curso=matricula.curso)]
    else:
        horas = texto(
            "frequencia.cidadao.horas",
            curso=matricula.curso,
            presentes=horas_faladas(r.frequencia.horas_presentes),
            realizadas=_horas(r.frequencia.horas_realizadas),
            percentual=r.percentual,
        )
        partes = [horas, _o_que_ainda_da(r)]
    if com_nome:
        nome = nome_de_chamada(matricula.nome, matricula.nome_social)
        partes.insert(0, texto("situacao.de_quem", nome=nome))
    return "\n".join(partes)


async def _sem_ativa(ctx: Contexto) -> Acao:
    """Quem saiu (desistência confirmada) ouve quando e com quem falar (R19); quem ainda
    não entrou numa turma, isso."""
    todas = await matriculas_da_conversa(ctx.conexao, ctx.canal, ctx.chat_id)
    saiu = next((m for m in todas if m.desistencia_id is not None), None)
    situacao = Opcao(da_fila("status"), texto("cidadao.menu.botao_status"))
    if saiu is not None and saiu.encerrada_em is not None:
        data = saiu.encerrada_em.astimezone(FUSO).strftime("%d/%m/%Y")
        return Dizer((encerrada(saiu.turma, saiu.curso, data, saiu.osc),), (situacao,))
    return Dizer((texto("frequencia.cidadao.sem_matricula"),), (situacao,))


async def ver_frequencia(ctx: Contexto, _arg: str = "") -> Acao:
    """A frequência das matrículas ativas desta conversa (R16), numa mensagem só."""
    feitas = await preinscricoes.todas_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if not feitas:
        fazer = Opcao(da_fila("preinscricao"), texto("cidadao.menu.botao_preinscricao"))
        com_a_equipe = Opcao(da_fila("vincular"), texto("cidadao.menu.botao_vincular"))
        return Dizer((texto("frequencia.cidadao.sem_inscricao"),), (fazer, com_a_equipe))
    ativas = await matriculas_ativas(ctx.conexao, [p.id for p in feitas])
    if not ativas:
        return await _sem_ativa(ctx)
    uma_por_pessoa = list({m.preinscricao_id: m for m in reversed(ativas)}.values())
    uma_por_pessoa.sort(key=lambda m: m.preinscricao_id)
    com_nome = len(uma_por_pessoa) > 1
    blocos = [await _bloco(ctx, m, com_nome) for m in uma_por_pessoa]
    return Dizer(("\n\n".join(blocos),))


# como as pessoas pedem a frequência (normalizado): valem em qualquer ponto da conversa
PALAVRAS = {
    "frequencia": "frequencia",
    "minha frequencia": "frequencia",
    "ver minha frequencia": "frequencia",
    "minhas faltas": "frequencia",
    "quantas faltas": "frequencia",
    "quantas faltas eu tenho": "frequencia",
    "quantas faltas tenho": "frequencia",
    "minhas presencas": "frequencia",
    "minhas horas": "frequencia",
}
_NOTA = 80


def pede_frequencia(digitado: str) -> bool:
    """O texto solto pede a frequência, mesmo com erro de digitação ("frequensia",
    "como esta minha frequencia")? Uma palavra parecida com "frequência" basta."""
    palavras = [p for p in normalizar(digitado).split() if len(p) >= 7]
    return any(
        process.extractOne(p, ("frequencia",), scorer=fuzz.ratio, score_cutoff=_NOTA)
        for p in palavras
    )
