"""The conversation between the user and the knowledge: what to say next and what to remember.

Pure Python with no Alexa imports. Handlers feed it parsed requests and render what it returns.
"""
