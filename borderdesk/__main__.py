from borderdesk.cli import main

raise SystemExit(main())
