"""Canal WhatsApp (Cloud API): webhook, leitura dos updates, desenho e envio."""
