from asllint.cli import main

raise SystemExit(main())
