import ProxTUI
