"""Convocação da OSC e matrícula (R5, R7 capacidade, R24 sigilo).

- `regras`: as regras puras (vagas, reposição, resposta, lembrete);
- `acoes`: convocar, responder, repor a vaga, cancelar a matrícula (na transação de quem
  chama, com a turma travada);
- `cidadao`: os botões "Confirmo" / "Não posso" da mensagem da convocação;
- `agenda`: a tarefa de minuto em minuto (lembrete, prazo vencido, próximo da lista);
- `textos`: o que se diz (catálogo `convocacao.po`).

A equipe da OSC usa `/convocar` (`fluxos/equipe/convocacao.py`). O desenho dos estados
está em `convocacao.mmd`.
"""

from fluxos.convocacao.agenda import Rodada, cuidar_das_convocacoes
from fluxos.convocacao.cidadao import COMANDOS_DA_CONVOCACAO

__all__ = ["COMANDOS_DA_CONVOCACAO", "Rodada", "cuidar_das_convocacoes"]
