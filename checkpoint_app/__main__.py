from __future__ import annotations

import sys

from checkpoint_app.app import main

sys.exit(main())
