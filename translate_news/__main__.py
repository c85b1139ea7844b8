from translate_news.cli.main import main

main()
