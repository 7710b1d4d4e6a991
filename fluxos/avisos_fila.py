"""Todo aviso que a fila leva sem a pessoa ter escrito tem o seu modelo aprovado.

No WhatsApp, fora da janela de 24 h, só passa modelo aprovado (template): cada aviso diz
qual é (a chave) e com que dados (nome, curso, data...). Quem produz avisos para a fila
grava o conteúdo por `conteudo_do_aviso`, que recusa aviso sem modelo: assim nenhum
aviso novo nasce sem ele (um teste confere que ninguém grava na fila por outro caminho).
Os nomes na Meta, o idioma e a ordem dos parâmetros são configuração do canal
(bot/config_modelos.py); o texto de cada modelo está no catálogo (whatsapp_fila.po).
"""

from __future__ import annotations

from dataclasses import replace

from mensagens.serializacao import saida_para_json
from mensagens.tipos import Modelo, Saida

CONVOCACAO = "convocacao"
PRAZO = "prazo"
LEMBRETE_AULA = "lembrete_aula"
CUIDADO = "cuidado"
ALERTA_EQUIPE = "alerta_equipe"
RESPOSTA_AJUDA = "resposta_ajuda"
AVISO = "aviso"
LISTA_OSC = "lista_osc"


class AvisoSemModelo(ValueError):
    """Um aviso da fila sem modelo: no WhatsApp, fora da janela, ele não sairia."""


def com_modelo(saida: Saida, chave: str, **valores: str) -> Saida:
    """A mesma mensagem, com o modelo que a leva fora da janela."""
    return replace(saida, modelo=Modelo(chave, tuple(valores.items())))


def para_equipe(saida: Saida) -> Saida:
    """Aviso à equipe (alertas, pedidos de ajuda, listas): o modelo leva o texto todo.
    Com planilha junto, o modelo com documento (lista_osc)."""
    chave = LISTA_OSC if saida.anexo is not None else ALERTA_EQUIPE
    return com_modelo(saida, chave, aviso=saida.texto)


def para_pessoa(saida: Saida) -> Saida:
    """Aviso ao cidadão que não tem modelo próprio (suspensão de aula, inscrições
    abertas, desistência registrada...): o modelo geral leva o texto."""
    return com_modelo(saida, AVISO, aviso=saida.texto)


def conteudo_do_aviso(saida: Saida) -> str:
    """O conteúdo para `envios.enfileirar`; AvisoSemModelo se falta o modelo."""
    if saida.modelo is None:
        raise AvisoSemModelo("aviso da fila sem modelo (use fluxos.avisos_fila.com_modelo)")
    return saida_para_json(saida)


def conteudo_para_equipe(saida: Saida) -> str:
    return conteudo_do_aviso(para_equipe(saida))


def conteudo_para_pessoa(saida: Saida) -> str:
    return conteudo_do_aviso(para_pessoa(saida))
