from jobbot.cli import main

main()
