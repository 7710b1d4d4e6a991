"""Ajustes do programa que a gestão pode mudar sem mexer no código (variáveis de ambiente,
lidas em `bot/config.py`): pesos da priorização (R4), prazos da convocação (R5) e os
limites da suspeita de evasão (R17).

Os fluxos recebem os ajustes pelo `Contexto`; os padrões valem nos testes e quando nada
foi configurado.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType

from fluxos.regras.evasao import RegrasEvasao

# o prazo acaba às 23h59 do último dia (R5); o lembrete vai às 9h da véspera desse dia
LEMBRAR_ANTES = timedelta(days=1, hours=14, minutes=59, seconds=59)
CODIGOS_PRIORIDADE = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI")

# R2/R4: cada situação prioritária vale 1 ponto por padrão; a gestão pode pesar diferente.
PESOS_PADRAO: Mapping[str, int] = MappingProxyType(dict.fromkeys(CODIGOS_PRIORIDADE, 1))


def ler_pesos(valor: str) -> Mapping[str, int]:
    """ "X=3, V=2" → os pesos padrão com X valendo 3 e V valendo 2. ValueError se não dá."""
    pesos = dict(PESOS_PADRAO)
    for parte in filter(None, (p.strip() for p in valor.split(","))):
        codigo, sinal, numero = parte.partition("=")
        codigo = codigo.strip().upper()
        if not sinal or codigo not in pesos or not numero.strip().isdigit():
            raise ValueError(
                "pesos de prioridade devem ser CÓDIGO=NÚMERO separados por vírgula, com "
                f"códigos de I a XI (ex.: X=3,V=2); não entendi {parte!r}"
            )
        pesos[codigo] = int(numero)
    return MappingProxyType(pesos)


@dataclass(frozen=True)
class Ajustes:
    """`prazo_convocacao`: quantos dias a pessoa tem para responder à convocação (R5), até
    o fim do último dia; `lembrar_convocacao_antes`: quanto antes do fim do prazo vai o
    lembrete (padrão: às 9h da véspera do último dia); `links_de_canal`: canal que entrega
    avisos → modelo do link que liga uma conversa nele a uma pré-inscrição, com `{token}`
    (ex.: "https://t.me/bot?start={token}"). Canal sem modelo configurado não é oferecido.
    `validade_codigo_vinculo`: quanto vale o código que a equipe entrega para a pessoa ligar
    o chat à pré-inscrição (R3); `janela_trava_vinculo`: 5 datas de nascimento erradas para
    uma mesma pré-inscrição nesse tempo travam o vínculo dela (e a equipe é avisada)."""

    pesos_prioridade: Mapping[str, int] = field(default_factory=lambda: PESOS_PADRAO)
    prazo_convocacao: timedelta = timedelta(days=3)
    lembrar_convocacao_antes: timedelta = LEMBRAR_ANTES
    links_de_canal: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    validade_codigo_vinculo: timedelta = timedelta(days=30)
    janela_trava_vinculo: timedelta = timedelta(hours=24)
    # etiquetas do /start que dizem de onde a pessoa veio (INCLUSAO_ORIGENS, `fluxos.origem`)
    origens: frozenset[str] = frozenset()
    # a chamada de um encontro passado pode ser feita ou corrigida até tantos dias depois
    # (INCLUSAO_CHAMADA_JANELA_DIAS); 0: só no dia do encontro
    janela_chamada: timedelta = timedelta(days=7)
    # pedido de ajuda sem resposta há tantos dias úteis vai ao CRAS (R20, `fluxos.pedido_ajuda`)
    ajuda_escalar_dias_uteis: int = 1
    # R17: faltas seguidas e margem da projeção (INCLUSAO_EVASAO_FALTAS_SEGUIDAS, _MARGEM)
    evasao: RegrasEvasao = field(default_factory=RegrasEvasao)
    # o limite diário de pessoas do WhatsApp (WHATSAPP_LIMITE_DIARIO, o mesmo da fila): ao
    # convocar, a OSC lê quantas convocações ele vai segurar (R5, `limite_previsao`)
    limite_whatsapp: int = 250
