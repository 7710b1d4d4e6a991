"""Alertas de evasão (R17): a verificação depois da chamada e à noite, os avisos à equipe
e à pessoa, e as respostas da pessoa. As regras ficam em `fluxos.regras.evasao`; a tela e
as ações da equipe, em `fluxos.equipe.alertas`."""

from fluxos.evasao.cidadao import COMANDOS_DA_EVASAO
from fluxos.evasao.cidadao import PALAVRAS as PALAVRAS_DA_EVASAO
from fluxos.evasao.verificacao import verificar_a_noite, verificar_apos_chamada, verificar_turmas

__all__ = [
    "COMANDOS_DA_EVASAO",
    "PALAVRAS_DA_EVASAO",
    "verificar_a_noite",
    "verificar_apos_chamada",
    "verificar_turmas",
]
