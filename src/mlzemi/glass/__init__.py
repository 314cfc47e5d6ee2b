"""Glassy dynamics of the 2D Kob–Andersen mixture: propensity, its noise ceiling, structure, data sets.

* :mod:`.dynamics` — displacements (plain and cage-relative), propensity, F_s(k, t), MSD, τ_α;
* :mod:`.isoconfig` — iso-configurational ensembles run with either MD engine;
* :mod:`.reliability` — split-half (Spearman–Brown) reliability and the noise ceiling ρ_max;
* :mod:`.scoring` — how every prediction is scored: Pearson ρ on the A particles per configuration, paired
  differences, the propensity time nearest τ_α;
* :mod:`.structure` — per-particle descriptors (energy, density, bond order, Tong–Tanaka Θ);
* :mod:`.observables` — g(r), S(k), hexatic order, τ_α fits, χ₄ and the statistics of the equilibrium checks;
* :mod:`.dataset` — the book's ``.npz`` format with a SHA-256 manifest, and its loader;
* :mod:`.generate` — the first edition's generator, ``python -m mlzemi.glass generate --preset quick|book|liquid``;
* :mod:`.chains` — the data set from long Langevin chains (``python -m mlzemi.glass chains run|status|merge|estimate``);
* :mod:`.images` — configurations as periodic images, and image maps back to particles (chapter 15);
* :mod:`.liquid_glass` — liquid configurations and ageing after a quench, the data of chapter 15
  (``python -m mlzemi.glass.liquid_glass --out DIR``);
* :mod:`.published` — the published 3D data of Bapst et al. (2020): download (never in the build) and reader;
* :mod:`.gnn` — a Bapst-type graph network (PyTorch + PyG, imported only on demand), its training, evaluation
  and shipped weights (``python -m mlzemi.glass.gnn train``).
"""
