"""Pedido de ajuda (R20): o cidadão pede, a equipe da OSC (ou do CRAS) responde pelo chat."""
